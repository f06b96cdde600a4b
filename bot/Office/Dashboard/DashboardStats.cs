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

        var items = await scope
            .Where(p => p.ReceivedUtc >= fromUtc && p.ReceivedUtc <= toUtc)
            .Select(p => new
            {
                p.Id, p.TrackingNo, p.ReceivedUtc, p.Field, p.CurrentUnitName, p.Status, p.IsRepeat, p.RaisedBefore,
                p.RepliedUtc, p.Rating, p.Source,
            })
            .ToListAsync(ct);
        var ids = items.Select(p => p.Id).ToList();
        var numbers = items.Select(p => p.TrackingNo).ToList();

        // 初转重: a first petition that a later petition points back to.
        var repeatedIds = (await scope.Where(p => p.RepeatOfPetitionId != null && ids.Contains(p.RepeatOfPetitionId.Value))
                .Select(p => p.RepeatOfPetitionId!.Value).ToListAsync(ct)).ToHashSet();
        var repeatedNos = (await scope.Where(p => p.EarlierTrackingNo != null && numbers.Contains(p.EarlierTrackingNo))
                .Select(p => p.EarlierTrackingNo!).ToListAsync(ct)).ToHashSet();
        var reviewed = (await db.Set<HandlingOpinion>().AsNoTracking()
                .Where(o => ids.Contains(o.PetitionId) && o.Stage != OpinionStage.Handling)
                .Select(o => o.PetitionId).ToListAsync(ct)).ToHashSet();
        var reviewRequested = (await db.Set<PetitionEvent>().AsNoTracking()
                .Where(e => ids.Contains(e.PetitionId) && (e.ToStatus == PetitionStatus.UnderReview || e.ToStatus == PetitionStatus.UnderRecheck))
                .Select(e => e.PetitionId).ToListAsync(ct)).ToHashSet();

        var first = items.Where(p => !p.IsRepeat && !p.RaisedBefore).ToList();
        var firstAnswered = first.Where(p => p.RepliedUtc != null).ToList();
        var resolvedAtOnce = firstAnswered.Count(p =>
            !repeatedIds.Contains(p.Id) && !repeatedNos.Contains(p.TrackingNo) && !reviewed.Contains(p.Id) && !reviewRequested.Contains(p.Id)
            && p.Rating != PetitionRating.Dissatisfied);
        var firstToRepeat = first.Count(p => repeatedIds.Contains(p.Id) || repeatedNos.Contains(p.TrackingNo));

        var answered = items.Count(p => p.RepliedUtc != null);
        var rated = items.Count(p => p.Rating != null);
        var satisfied = items.Count(p => p.Rating is PetitionRating.Satisfied or PetitionRating.MostlySatisfied);

        var byMonth = (to.DayNumber - from.DayNumber) <= 31;
        var byPeriod = items
            .GroupBy(p => byMonth ? PetitionClock.Format(ChinaTime.ToDate(p.ReceivedUtc))[5..] : PetitionClock.Format(ChinaTime.ToDate(p.ReceivedUtc))[..7])
            .OrderBy(g => g.Key).Select(g => new Bucket(g.Key, g.Count())).ToList();

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
            label, from, to, items.Count,
            byPeriod,
            Count(items.Select(p => p.Field)),
            Count(items.Select(p => p.CurrentUnitName ?? "（未转送）")),
            Count(items.Select(p => PetitionStatusText.Label(p.Status))),
            // Every source, none left out for having no petitions: 来信、来访、电话、网上 side by side (一体化).
            PetitionSources.All.Select(s => new Bucket(PetitionSources.Label(s), items.Count(p => p.Source == s))).ToList(),
            new Rate(items.Count(p => p.IsRepeat), items.Count),
            new Rate(resolvedAtOnce, firstAnswered.Count),
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

    private static List<Bucket> Count(IEnumerable<string> keys) =>
        keys.GroupBy(k => k).Select(g => new Bucket(g.Key, g.Count())).OrderByDescending(b => b.Value).ThenBy(b => b.Label, StringComparer.Ordinal).ToList();
}
