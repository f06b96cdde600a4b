using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Workflow;
using PetitionBot.Bot.Petitions.PersonalData;
using PetitionBot.Bot.Petitions.Validation;
using PetitionBot.Bot.Petitions.Clock;

namespace PetitionBot.Bot.Petitions.Status;

/// <summary>Status look-up by tracking number plus the last four digits of the phone given at registration.</summary>
public sealed partial class PetitionLookup(PetitionDbContext db, LookupGuard guard)
{
    [GeneratedRegex(@"XF\d{8}-\d{4,}", RegexOptions.IgnoreCase)]
    private static partial Regex TrackingNoPattern();

    [GeneratedRegex(@"^\d{4}$")]
    private static partial Regex FourDigits();

    /// <summary>The tracking number inside a text ("查询 xf20261125-0001"), upper-cased; null when there is none.</summary>
    public static string? FindTrackingNo(string text)
    {
        var m = TrackingNoPattern().Match(ChineseText.ToHalfWidth(text));
        return m.Success ? m.Value.ToUpperInvariant() : null;
    }

    public static bool IsLastFour(string text) => FourDigits().IsMatch(text);

    /// <summary>
    /// The petition when number and phone digits belong together; null otherwise (without telling which was wrong), and
    /// null for a number that has seen too many wrong guesses in the last hour.
    /// </summary>
    public async Task<Petition?> FindAsync(string trackingNo, string phoneLastFour, CancellationToken cancellationToken = default)
    {
        var number = ChineseText.ToHalfWidth(trackingNo).Trim().ToUpperInvariant();
        if (await guard.IsLockedAsync(number, cancellationToken)) return null;
        var petition = await db.Petitions.AsNoTracking().FirstOrDefaultAsync(p => p.TrackingNo == number, cancellationToken);
        if (petition is null) return null; // nothing to guess at: no counter, so invented numbers cannot crowd one out
        if (PhoneNumber.LastFour(petition.Phone) == phoneLastFour) return petition;
        await guard.RecordFailureAsync(number, cancellationToken);
        return null;
    }

    public static PetitionStatusView ToView(Petition p) => new(
        p.TrackingNo,
        p.Status.ToString(),
        PetitionStatusText.Label(p.Status),
        p.ReceivedUtc,
        ChinaTime.Format(p.ReceivedUtc),
        p.CurrentUnitName,
        p.DueUtc,
        p.DueUtc is { } due ? ChinaTime.FormatDate(due) : null,
        p.Status == PetitionStatus.Registered && p.DueUtc is { } notice ? ChinaTime.FormatDate(notice) : null,
        Masking.MaskName(p.PetitionerName),
        PhoneNumber.Mask(p.Phone),
        p.IdNumberMasked,
        p.Rating is { } r ? PetitionStatusText.Label(r) : null,
        CanRate(p));

    /// <summary>The view with what was answered and every status notice sent, for the look-up.</summary>
    public async Task<PetitionStatusView> ViewAsync(Petition p, CancellationToken cancellationToken)
    {
        var opinions = await db.Set<HandlingOpinion>().AsNoTracking()
            .Where(o => o.PetitionId == p.Id && o.State == OpinionState.Replied && o.RepliedUtc != null)
            .OrderByDescending(o => o.RepliedUtc).ToListAsync(cancellationToken);
        var notices = await db.Outbox.AsNoTracking()
            .Where(m => m.TrackingNo == p.TrackingNo && m.Kind == "status")
            .OrderBy(m => m.CreatedUtc).ThenBy(m => m.Id).Select(m => new { m.CreatedUtc, m.Text })
            .ToListAsync(cancellationToken);
        return ToView(p) with
        {
            Opinions = opinions.Select(o => new OpinionView(OpinionText.Stage(o.Stage), OpinionText.Outcome(o.Outcome), o.Text,
                string.IsNullOrWhiteSpace(o.LegalBasis) ? null : o.LegalBasis, o.IssuingUnit, ChinaTime.Format(o.RepliedUtc!.Value))).ToList(),
            Notices = notices.Select(n => new NoticeView(ChinaTime.Format(n.CreatedUtc), n.Text)).ToList(),
        };
    }

    public static bool CanRate(Petition p) => p.RepliedUtc is not null && p.Rating is null;

    /// <summary>The chat lines, with the latest 处理意见 once answered.</summary>
    public async Task<string> DescribeAsync(Petition p, CancellationToken cancellationToken)
    {
        var opinion = (await ViewAsync(p, cancellationToken)).Opinions.FirstOrDefault();
        return opinion is null
            ? Describe(p)
            : $"{Describe(p)}\n处理意见（{opinion.Title}，{opinion.RepliedAt}答复）：{opinion.Outcome}。{opinion.Text}";
    }

    /// <summary>Citizen-facing lines for chat.</summary>
    public static string Describe(Petition p)
    {
        var lines = new List<string>
        {
            $"编号：{p.TrackingNo}",
            $"状态：{PetitionStatusText.Label(p.Status)}",
            $"登记时间：{ChinaTime.Format(p.ReceivedUtc)}",
        };
        if (!string.IsNullOrWhiteSpace(p.CurrentUnitName)) lines.Add($"当前办理单位：{p.CurrentUnitName}");
        // While registered, the date that runs is the 15-day written notice (信访工作条例 第二十二、二十三条).
        if (p.DueUtc is { } due)
            lines.Add(p.Status == PetitionStatus.Registered
                ? $"受理告知期限：{ChinaTime.FormatDate(due)}前书面告知是否受理（信访工作条例第二十二、二十三条）"
                : $"办理期限：{ChinaTime.FormatDate(due)}前");
        if (p.RepliedUtc is { } replied) lines.Add($"答复时间：{ChinaTime.Format(replied)}");
        if (p.Rating is { } rating) lines.Add($"您的评价：{PetitionStatusText.Label(rating)}");
        return string.Join('\n', lines);
    }
}
