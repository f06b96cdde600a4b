using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PetitionBot.Bot.Petitions.Clock;

/// <summary>
/// One period of the regulation running on a petition. Obligations (the office must act by DueDate) drive
/// Petition.DueUtc and the deadline watch; windows (the citizen or a unit may act until DueDate) only limit actions.
/// </summary>
public class PetitionDeadline
{
    public long Id { get; set; }
    public long PetitionId { get; set; }
    public DeadlineKind Kind { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly DueDate { get; set; }
    public bool IsObligation { get; set; }
    public DateTime OpenedUtc { get; set; }
    /// <summary>Set when the period is over: met, superseded or expired; null while it runs.</summary>
    public DateTime? ClosedUtc { get; set; }
    public string? ClosedNote { get; set; }

    public bool IsOpen => ClosedUtc is null;
}

public enum DeadlineKind
{
    Dispose,          // 第二十二条: 15日内 登记后处理 (受理/转送/交办/不予受理)
    UnitNotice,       // 第二十三条: 收到转送交办后15日内书面告知
    UnitObjection,    // 第二十三条: 5个工作日内提出异议 (window)
    Conclude,         // 第三十四条: 受理之日起60日内办结, 延期不超过30日
    ReviewRequest,    // 第三十五条: 信访人30日内请求复查 (window)
    ReviewOpinion,    // 第三十五条: 30日内提出复查意见
    RecheckRequest,   // 第三十六条: 信访人30日内请求复核 (window)
    RecheckOpinion,   // 第三十六条: 30日内提出复核意见
    FollowUp,         // 两前置一回访: 答复后回访
    Rectify,          // 不满意 → 限期整改
}

public static class StatutoryPeriods
{
    public const int DisposeDays = 15;
    public const int UnitNoticeDays = 15;
    public const int UnitObjectionWorkingDays = 5;
    public const int ConcludeDays = 60;
    public const int MaxExtensionDays = 30;
    public const int ReviewRequestDays = 30;
    public const int ReviewOpinionDays = 30;
    public const int RecheckRequestDays = 30;
    public const int RecheckOpinionDays = 30;

    public static string Label(DeadlineKind kind) => kind switch
    {
        DeadlineKind.Dispose => "登记后处理（受理/转送/交办/不予受理）",
        DeadlineKind.UnitNotice => "办理单位书面告知受理情况",
        DeadlineKind.UnitObjection => "办理单位提出异议",
        DeadlineKind.Conclude => "办结",
        DeadlineKind.ReviewRequest => "信访人请求复查",
        DeadlineKind.ReviewOpinion => "提出复查意见",
        DeadlineKind.RecheckRequest => "信访人请求复核",
        DeadlineKind.RecheckOpinion => "提出复核意见",
        DeadlineKind.FollowUp => "回访",
        DeadlineKind.Rectify => "不满意整改",
        _ => kind.ToString(),
    };

    public static string Article(DeadlineKind kind) => kind switch
    {
        DeadlineKind.Dispose => "第二十二条：15日",
        DeadlineKind.UnitNotice => "第二十三条：15日",
        DeadlineKind.UnitObjection => "第二十三条：5个工作日",
        DeadlineKind.Conclude => "第三十四条：60日，可延长不超过30日",
        DeadlineKind.ReviewRequest => "第三十五条：30日",
        DeadlineKind.ReviewOpinion => "第三十五条：30日",
        DeadlineKind.RecheckRequest => "第三十六条：30日",
        DeadlineKind.RecheckOpinion => "第三十六条：30日",
        DeadlineKind.FollowUp => "两前置一回访",
        DeadlineKind.Rectify => "评价不满意督办",
        _ => "",
    };
}

internal sealed class PetitionDeadlineConfiguration : IEntityTypeConfiguration<PetitionDeadline>
{
    public void Configure(EntityTypeBuilder<PetitionDeadline> b)
    {
        b.ToTable("OfficeDeadlines");
        b.HasIndex(d => new { d.PetitionId, d.ClosedUtc });
        b.HasIndex(d => new { d.ClosedUtc, d.DueDate });
        b.Property(d => d.ClosedNote).HasMaxLength(200);
        b.Ignore(d => d.IsOpen);
    }
}
