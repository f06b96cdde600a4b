using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Handoff;

/// <summary>Hand-offs on the dashboard: how many, how long citizens waited for the first reply, how many ended without a petition.</summary>
public sealed record HandoffFigures(
    string Period, int Handoffs, int Waiting, int Answered, double? WaitMinutesP50, double? WaitMinutesP90, int ResolvedWithoutPetition);

public sealed class HandoffStats(PetitionDbContext db, TimeProvider time)
{
    /// <summary>"week", "month" (default) or "year": hand-offs asked for in the last 7, 30 or 365 days.</summary>
    public async Task<HandoffFigures> ComputeAsync(string? period, CancellationToken cancellationToken)
    {
        var (name, days) = period switch { "week" => ("week", 7), "year" => ("year", 365), _ => ("month", 30) };
        var since = time.GetUtcNow().UtcDateTime.AddDays(-days);
        var rows = await db.Set<HandoffCase>().AsNoTracking().Where(h => h.RequestedUtc >= since)
            .Select(h => new { h.RequestedUtc, h.FirstReplyUtc, h.ClosedUtc, h.PetitionTrackingNo }).ToListAsync(cancellationToken);
        var waits = rows.Where(r => r.FirstReplyUtc is not null)
            .Select(r => (r.FirstReplyUtc!.Value - r.RequestedUtc).TotalMinutes).Order().ToList();
        return new HandoffFigures(name, rows.Count, rows.Count(r => r.ClosedUtc is null && r.FirstReplyUtc is null), waits.Count,
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
