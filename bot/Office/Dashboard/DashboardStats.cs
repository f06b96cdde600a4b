using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Workflow;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Status;
using PetitionBot.Bot.Petitions.Clock;

namespace PetitionBot.Bot.Office.Dashboard;

public sealed record Bucket(string Label, int Value);

/// <summary>A ratio with what it was computed from, so the page can show "12 / 40" under the percentage.</summary>
public sealed record Rate(int Part, int Whole)
{
    public double? Value => Whole == 0 ? null : (double)Part / Whole;
    public string Percent => Value is { } v ? (v * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "—";
}

public sealed record DashboardData(
    string PeriodLabel,
    DateOnly From,
    DateOnly To,
    int Total,
    IReadOnlyList<Bucket> ByPeriod,
    IReadOnlyList<Bucket> ByField,
    IReadOnlyList<Bucket> ByUnit,
    IReadOnlyList<Bucket> ByStatus,
    IReadOnlyList<Bucket> BySource,
    Rate RepeatShare,
    Rate FirstResolvedAtOnce,
    int FirstToRepeat,
    int OverdueNow,
    int DueSoonNow,
    Rate Satisfaction,
    Rate Participation,
    int EscalationsUnitHead,
    int EscalationsLeader,
    int UndeliveredNow,
    IReadOnlyList<UndeliveredMessage> Undelivered);

/// <summary>A message to a citizen the outbox gave up on (or whose delivery is uncertain): someone should call them.</summary>
public sealed record UndeliveredMessage(string At, string Channel, string Kind, string? TrackingNo, string Text, string? Reason);

/// <summary>The bureau's indicators for a period (by date of receipt, Asia/Shanghai).</summary>
public sealed class DashboardStats(PetitionDbContext db, TimeProvider time)
{
    public static readonly TimeSpan UndeliveredWindow = TimeSpan.FromDays(30);

    public static (DateOnly From, DateOnly To, string Label) Period(string? period, DateOnly today) => period switch
    {
        "month" => (new DateOnly(today.Year, today.Month, 1), today, "本月"),
        "quarter" => (new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1), today, "本季度"),
        "all" => (new DateOnly(2000, 1, 1), today, "全部"),
        _ => (new DateOnly(today.Year, 1, 1), today, "本年"),
    };

    public async Task<DashboardData> ComputeAsync(string? period, OfficeActor actor, CancellationToken ct)
    {
        var today = ChinaTime.Today(time);
        var (from, to, label) = Period(period, today);
        var fromUtc = PetitionClock.EndOfDayUtc(from.AddDays(-1)).AddSeconds(1);
        var toUtc = PetitionClock.EndOfDayUtc(to);
        var nowUtc = time.GetUtcNow().UtcDateTime;

        var scope = db.Petitions.AsNoTracking();
        if (actor.Role == OfficeRole.HandlingUnit) scope = scope.Where(p => p.HandlingUnitId == actor.UnitId);

        // Everything below is counted by the database (issue 24: a year of a province is hundreds of thousands of rows);
        // only a few hundred groups come back, never the petitions.
        var received = scope.Where(p => p.ReceivedUtc >= fromUtc && p.ReceivedUtc <= toUtc);
        var byMonth = (to.DayNumber - from.DayNumber) <= 31;
        // Three short passes, each answered from the date index alone on PostgreSQL (its INCLUDE columns), each with a
        // key whose groups the planner can estimate, so it hashes them: one pass keyed by date and flags together was
        // estimated at 300,000 groups, sorted on disk and took 0.5 s of the dashboard's time at a million rows.
        // The facts behind the charts and the rates: a few hundred groups.
        var groups = await received.GroupBy(p => new
            {
                p.Field, p.Status, p.IsRepeat, First = !p.IsRepeat && !p.RaisedBefore, Replied = p.RepliedUtc != null, p.Rating,
                p.HasLaterRepeat, p.ReviewSought,
            })
            .Select(g => new Group(g.Key.Field, g.Key.Status, g.Key.IsRepeat, g.Key.First, g.Key.Replied, g.Key.Rating,
                g.Key.HasLaterRepeat, g.Key.ReviewSought, g.Count()))
            .ToListAsync(ct);
        // China has kept UTC+8 all year since 1991, so the local calendar day is the UTC time plus eight hours.
        var days = byMonth
            ? await received.GroupBy(p => new { p.ReceivedUtc.AddHours(8).Year, p.ReceivedUtc.AddHours(8).Month, p.ReceivedUtc.AddHours(8).Day })
                .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Day, Count = g.Count() }).ToListAsync(ct)
            : await received.GroupBy(p => new { p.ReceivedUtc.AddHours(8).Year, p.ReceivedUtc.AddHours(8).Month })
                .Select(g => new { g.Key.Year, g.Key.Month, Day = 1, Count = g.Count() }).ToListAsync(ct);
        var byPeriod = days
            .GroupBy(d => byMonth ? $"{d.Month:00}-{d.Day:00}" : $"{d.Year:0000}-{d.Month:00}")
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new Bucket(g.Key, g.Sum(d => d.Count))).ToList();
        var byField = Sorted(groups.GroupBy(g => g.Field).Select(g => new Bucket(g.Key, g.Sum(x => x.Count))));
        var byStatus = Sorted(groups.GroupBy(g => PetitionStatusText.Label(g.Status)).Select(g => new Bucket(g.Key, g.Sum(x => x.Count))));
        // Unit and source in the third pass (a few hundred groups): a unit's name would multiply the groups above.
        var unitSource = await received.GroupBy(p => new { p.CurrentUnitName, p.Source })
            .Select(g => new { g.Key.CurrentUnitName, g.Key.Source, Count = g.Count() }).ToListAsync(ct);
        var byUnit = Sorted(unitSource.GroupBy(x => x.CurrentUnitName).Select(g => new Bucket(g.Key ?? "（未转送）", g.Sum(x => x.Count))));
        // Every source, none left out for having no petitions: 来信、来访、电话、网上 side by side (一体化).
        var bySource = PetitionSources.All
            .Select(s => new Bucket(PetitionSources.Label(s), unitSource.Where(x => x.Source == s).Sum(x => x.Count))).ToList();

        var total = groups.Sum(f => f.Count);
        var answered = groups.Where(f => f.Replied).Sum(f => f.Count);
        var rated = groups.Where(f => f.Rating != null).Sum(f => f.Count);
        var satisfied = groups.Where(f => f.Rating is PetitionRating.Satisfied or PetitionRating.MostlySatisfied).Sum(f => f.Count);
        var firstAnswered = groups.Where(f => f.First && f.Replied).Sum(f => f.Count);

        // 初转重: a first petition that a later petition points back to (by link or by the number the citizen gave).
        // 一次性化解: answered, not petitioned again, no 复查/复核 asked or given, not rated 不满意.
        // Both from flags kept on the petition by intake and the workflow, so they come out of the one grouped pass above
        // instead of two searches through every later repeat, opinion and event (0.8–0.9 s each at a million rows).
        var firstToRepeat = groups.Where(f => f.First && f.HasLaterRepeat).Sum(f => f.Count);
        var notResolved = groups.Where(f => f.First && f.Replied
            && (f.Rating == PetitionRating.Dissatisfied || f.HasLaterRepeat || f.ReviewSought)).Sum(f => f.Count);
        var resolvedAtOnce = firstAnswered - notResolved;

        var horizon = PetitionClock.EndOfDayUtc(today.AddDays(3));
        var overdue = await scope.CountAsync(p => p.DueUtc != null && p.DueUtc < nowUtc, ct);
        var dueSoon = await scope.CountAsync(p => p.DueUtc != null && p.DueUtc >= nowUtc && p.DueUtc <= horizon, ct);

        var escalations = db.Set<RatingEscalation>().AsNoTracking().Where(e => e.ResolvedUtc == null);
        // Only a unit's view is narrowed: for the bureau the IN over a million ids would cost more than the count.
        if (actor.Role == OfficeRole.HandlingUnit)
        {
            var scopeIds = scope.Select(p => p.Id);
            escalations = escalations.Where(e => scopeIds.Contains(e.PetitionId));
        }
        var openEscalations = await escalations
            .GroupBy(e => e.Level).Select(g => new { Level = g.Key, Count = g.Count() }).ToListAsync(ct);

        // Messages the outbox gave up on in the last 30 days: never dropped silently, a clerk follows up by phone.
        var undeliveredSince = nowUtc - UndeliveredWindow;
        var undeliveredScope = db.Outbox.AsNoTracking().Where(m => m.AbandonedUtc != null && m.AbandonedUtc >= undeliveredSince);
        if (actor.Role == OfficeRole.HandlingUnit)
        {
            var unitNumbers = scope.Select(p => p.TrackingNo);
            undeliveredScope = undeliveredScope.Where(m => m.TrackingNo != null && unitNumbers.Contains(m.TrackingNo));
        }
        var undeliveredCount = await undeliveredScope.CountAsync(ct);
        var undelivered = (await undeliveredScope.OrderByDescending(m => m.AbandonedUtc).Take(20).ToListAsync(ct))
            .Select(m => new UndeliveredMessage(ChinaTime.Format(m.AbandonedUtc!.Value), m.Channel, m.Kind, m.TrackingNo,
                PetitionBot.Bot.Petitions.PersonalData.Masking.MaskText(m.Text.Length > 60 ? m.Text[..60] + "…" : m.Text), m.LastError))
            .ToList();

        return new DashboardData(
            label, from, to, total,
            byPeriod,
            byField,
            byUnit,
            byStatus,
            bySource,
            new Rate(groups.Where(f => f.IsRepeat).Sum(f => f.Count), total),
            new Rate(resolvedAtOnce, firstAnswered),
            firstToRepeat,
            overdue,
            dueSoon,
            new Rate(satisfied, rated),
            new Rate(rated, answered),
            openEscalations.Where(e => e.Level == 1).Sum(e => e.Count),
            openEscalations.Where(e => e.Level >= 2).Sum(e => e.Count),
            undeliveredCount,
            undelivered);
    }

    private sealed record Group(string Field, PetitionStatus Status, bool IsRepeat, bool First, bool Replied,
        PetitionRating? Rating, bool HasLaterRepeat, bool ReviewSought, int Count);

    private static List<Bucket> Sorted(IEnumerable<Bucket> buckets) =>
        buckets.OrderByDescending(b => b.Value).ThenBy(b => b.Label, StringComparer.Ordinal).ToList();
}
