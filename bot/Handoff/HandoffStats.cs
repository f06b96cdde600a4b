using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Dashboard;
using PetitionBot.Bot.Petitions.Clock;
using PetitionBot.Bot.Petitions;

namespace PetitionBot.Bot.Handoff;

/// <summary>
/// Hand-offs on the dashboard, for the dashboard's period (by the day they were asked for): how many, how long citizens
/// waited for the first reply (p50/p90, minutes), how many are still unanswered, how many ended without a petition.
/// </summary>
public sealed record HandoffFigures(
    string Period, int Handoffs, int Unanswered, int Answered, double? WaitMinutesP50, double? WaitMinutesP90, int ResolvedWithoutPetition);

public sealed class HandoffStats(PetitionDbContext db, TimeProvider time)
{
    public async Task<HandoffFigures> ComputeAsync(string? period, CancellationToken cancellationToken)
    {
        var (from, _, label) = DashboardStats.Period(period, ChinaTime.Today(time));
        // Midnight Beijing time (UTC+8, no daylight saving) of the first day; marked UTC, which Npgsql requires of a timestamptz.
        var sinceUtc = DateTime.SpecifyKind(from.ToDateTime(TimeOnly.MinValue) - ChinaTime.Zone.BaseUtcOffset, DateTimeKind.Utc);
        var rows = await db.Set<HandoffCase>().AsNoTracking().Where(h => h.RequestedUtc >= sinceUtc)
            .Select(h => new { h.RequestedUtc, h.FirstReplyUtc, h.ClosedUtc, h.PetitionTrackingNo }).ToListAsync(cancellationToken);
        var waits = rows.Where(r => r.FirstReplyUtc is not null)
            .Select(r => (r.FirstReplyUtc!.Value - r.RequestedUtc).TotalMinutes).Order().ToList();
        return new HandoffFigures(label, rows.Count, rows.Count(r => r.FirstReplyUtc is null), waits.Count,
            Percentile(waits, 0.5), Percentile(waits, 0.9),
            rows.Count(r => r.ClosedUtc is not null && r.FirstReplyUtc is not null && r.PetitionTrackingNo is null));
    }

    /// <summary>Nearest-rank percentile of sorted values, rounded to a tenth of a minute.</summary>
    internal static double? Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return null;
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return Math.Round(sorted[Math.Clamp(rank, 1, sorted.Count) - 1], 1);
    }
}
