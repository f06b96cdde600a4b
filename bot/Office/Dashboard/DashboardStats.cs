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
        // China has kept UTC+8 all year since 1991, so the local calendar day is the UTC time plus eight hours.
        // One pass over the period's rows for the charts and the rates: a few thousand groups come back, added up here.
        var groups = byMonth
            ? await received.GroupBy(p => new
                {
                    p.ReceivedUtc.AddHours(8).Year, p.ReceivedUtc.AddHours(8).Month, p.ReceivedUtc.AddHours(8).Day, p.Field, p.Status,
                    p.IsRepeat, First = !p.IsRepeat && !p.RaisedBefore, Replied = p.RepliedUtc != null, p.Rating,
                })
                .Select(g => new Group(g.Key.Year, g.Key.Month, g.Key.Day, g.Key.Field, g.Key.Status, g.Key.IsRepeat, g.Key.First, g.Key.Replied, g.Key.Rating, g.Count()))
                .ToListAsync(ct)
            : await received.GroupBy(p => new
                {
                    p.ReceivedUtc.AddHours(8).Year, p.ReceivedUtc.AddHours(8).Month, p.Field, p.Status,
                    p.IsRepeat, First = !p.IsRepeat && !p.RaisedBefore, Replied = p.RepliedUtc != null, p.Rating,
                })
                .Select(g => new Group(g.Key.Year, g.Key.Month, 1, g.Key.Field, g.Key.Status, g.Key.IsRepeat, g.Key.First, g.Key.Replied, g.Key.Rating, g.Count()))
                .ToListAsync(ct);
        var byPeriod = groups
            .GroupBy(d => byMonth ? $"{d.Month:00}-{d.Day:00}" : $"{d.Year:0000}-{d.Month:00}")
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new Bucket(g.Key, g.Sum(d => d.Count))).ToList();
        var byField = Sorted(groups.GroupBy(g => g.Field).Select(g => new Bucket(g.Key, g.Sum(x => x.Count))));
        var byStatus = Sorted(groups.GroupBy(g => PetitionStatusText.Label(g.Status)).Select(g => new Bucket(g.Key, g.Sum(x => x.Count))));
        var byUnit = Sorted((await received.GroupBy(p => p.CurrentUnitName).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .Select(x => new Bucket(x.Key ?? "（未转送）", x.Count)));
        // Every source, none left out for having no petitions: 来信、来访、电话、网上 side by side (一体化).
        var sourceCounts = await received.GroupBy(p => p.Source).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var bySource = PetitionSources.All
            .Select(s => new Bucket(PetitionSources.Label(s), sourceCounts.FirstOrDefault(x => x.Key == s)?.Count ?? 0)).ToList();

        var total = groups.Sum(f => f.Count);
        var answered = groups.Where(f => f.Replied).Sum(f => f.Count);
        var rated = groups.Where(f => f.Rating != null).Sum(f => f.Count);
        var satisfied = groups.Where(f => f.Rating is PetitionRating.Satisfied or PetitionRating.MostlySatisfied).Sum(f => f.Count);
        var firstAnswered = groups.Where(f => f.First && f.Replied).Sum(f => f.Count);

        // 初转重: a first petition that a later petition points back to (by link or by the number the citizen gave).
        // As one set of ids (IN, a hash join), not an OR of two EXISTS, which PostgreSQL probes row by row.
        // A later petition is received after the one it points back to, so only repeats received since the period began
        // can point into it: a year's repeats, not three years' of them.
        var laterRepeats = scope.Where(r => r.ReceivedUtc >= fromUtc);
        var repeatedIds = laterRepeats.Where(r => r.RepeatOfPetitionId != null).Select(r => r.RepeatOfPetitionId!.Value)
            .Union(laterRepeats.Where(r => r.EarlierTrackingNo != null).Join(db.Petitions, r => r.EarlierTrackingNo, p => p.TrackingNo, (r, p) => p.Id));
        var first = received.Where(p => !p.IsRepeat && !p.RaisedBefore);
        var firstToRepeat = await first.CountAsync(p => repeatedIds.Contains(p.Id), ct);
        // 一次性化解: answered, not petitioned again, no 复查/复核 asked or given, not rated 不满意.
        var reviewedIds = db.Set<HandlingOpinion>().Where(o => o.Stage != OpinionStage.Handling).Select(o => o.PetitionId)
            .Union(db.Set<PetitionEvent>().Where(e => e.ToStatus == PetitionStatus.UnderReview || e.ToStatus == PetitionStatus.UnderRecheck).Select(e => e.PetitionId));
        var notResolved = await first.Where(p => p.RepliedUtc != null).CountAsync(p => p.Rating == PetitionRating.Dissatisfied
            || repeatedIds.Contains(p.Id) || reviewedIds.Contains(p.Id), ct);
        var resolvedAtOnce = firstAnswered - notResolved;

        var horizon = PetitionClock.EndOfDayUtc(today.AddDays(3));
        var overdue = await scope.CountAsync(p => p.DueUtc != null && p.DueUtc < nowUtc, ct);
        var dueSoon = await scope.CountAsync(p => p.DueUtc != null && p.DueUtc >= nowUtc && p.DueUtc <= horizon, ct);

        var scopeIds = scope.Select(p => p.Id);
        var openEscalations = await db.Set<RatingEscalation>().AsNoTracking()
            .Where(e => e.ResolvedUtc == null && scopeIds.Contains(e.PetitionId))
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

    private sealed record Group(int Year, int Month, int Day, string Field, PetitionStatus Status, bool IsRepeat, bool First, bool Replied,
        PetitionRating? Rating, int Count);

    private static List<Bucket> Sorted(IEnumerable<Bucket> buckets) =>
        buckets.OrderByDescending(b => b.Value).ThenBy(b => b.Label, StringComparer.Ordinal).ToList();
}
