using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PetitionBot.Bot.Office.Workflow;

/// <summary>
/// 信访处理意见书 (第三十二条): request, facts and reasons, the opinion and its legal basis. A supervisor approves it
/// before it is sent (两前置); the person who drafted it cannot approve it.
/// </summary>
public class HandlingOpinion
{
    public long Id { get; set; }
    public long PetitionId { get; set; }
    public OpinionStage Stage { get; set; }
    public OpinionOutcome Outcome { get; set; }
    public required string Text { get; set; }
    public required string LegalBasis { get; set; }
    public required string DraftedBy { get; set; }
    public DateTime DraftedUtc { get; set; }
    public OpinionState State { get; set; } = OpinionState.PendingReview;
    public string? ReviewedBy { get; set; }
    public DateTime? ReviewedUtc { get; set; }
    public string? ReviewComment { get; set; }
    public DateTime? RepliedUtc { get; set; }
    /// <summary>The unit that issues the opinion (its seal on the printed form).</summary>
    public string? IssuingUnit { get; set; }
}

/// <summary>First handling, 复查 (第三十五条) or 复核 (第三十六条).</summary>
public enum OpinionStage { Handling, Review, Recheck }

/// <summary>第三十二条: 支持 / 解释说明 / 不予支持.</summary>
public enum OpinionOutcome { Support, Explain, Reject }

public enum OpinionState { PendingReview, Returned, Approved, Replied }

public static class OpinionText
{
    public static string Outcome(OpinionOutcome o) => o switch
    {
        OpinionOutcome.Support => "予以支持",
        OpinionOutcome.Explain => "解释说明",
        OpinionOutcome.Reject => "不予支持",
        _ => o.ToString(),
    };

    public static string Stage(OpinionStage s) => s switch
    {
        OpinionStage.Handling => "信访处理意见书",
        OpinionStage.Review => "复查意见书",
        OpinionStage.Recheck => "复核意见书",
        _ => s.ToString(),
    };

    /// <summary>
    /// The closing notice every printed opinion carries: the citizen's next step and its 30 days (第三十五条 复查,
    /// 第三十六条 复核), or that a 复核意见 is final. Fixed text from here, never from a draft.
    /// </summary>
    public static string RightsNotice(OpinionStage s) => s switch
    {
        OpinionStage.Handling => "如不服本处理意见，可以自收到本意见书之日起30日内，向原办理机关、单位的上一级机关、单位请求复查（《信访工作条例》第三十五条）。",
        OpinionStage.Review => "如不服本复查意见，可以自收到本意见书之日起30日内，向复查机关、单位的上一级机关、单位请求复核（《信访工作条例》第三十六条）。",
        _ => "对复核意见不服，仍然以同一事实和理由提出投诉请求的，不再受理（《信访工作条例》第三十六条）。",
    };

    public static string State(OpinionState s) => s switch
    {
        OpinionState.PendingReview => "待督办审核",
        OpinionState.Returned => "已退回修改",
        OpinionState.Approved => "审核通过，待答复",
        OpinionState.Replied => "已答复",
        _ => s.ToString(),
    };
}

internal sealed class HandlingOpinionConfiguration : IEntityTypeConfiguration<HandlingOpinion>
{
    public void Configure(EntityTypeBuilder<HandlingOpinion> b)
    {
        b.ToTable("OfficeOpinions");
        b.HasIndex(o => o.PetitionId);
        b.Property(o => o.Text).HasMaxLength(8000);
        b.Property(o => o.LegalBasis).HasMaxLength(2000);
        b.Property(o => o.DraftedBy).HasMaxLength(100);
        b.Property(o => o.ReviewedBy).HasMaxLength(100);
        b.Property(o => o.ReviewComment).HasMaxLength(2000);
        b.Property(o => o.IssuingUnit).HasMaxLength(200);
    }
}
