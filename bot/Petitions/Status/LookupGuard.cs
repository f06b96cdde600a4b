using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Petitions.Status;

/// <summary>Wrong phone digits given for one existing tracking number within the current hour's window.</summary>
public class StatusLookupFailure
{
    public required string TrackingNo { get; set; }
    public int Failures { get; set; }
    public DateTime WindowStartUtc { get; set; }
}

internal sealed class StatusLookupFailureConfiguration : IEntityTypeConfiguration<StatusLookupFailure>
{
    public void Configure(EntityTypeBuilder<StatusLookupFailure> b)
    {
        b.ToTable("StatusLookupFailures");
        b.HasKey(f => f.TrackingNo);
        b.Property(f => f.TrackingNo).HasMaxLength(40);
    }
}

/// <summary>
/// Counts wrong phone digits per tracking number, across all callers and all instances (the count is in the database).
/// Rate limits per address or chat user stop one client; this stops many clients guessing the four digits of one
/// petition. Only numbers that exist are counted, so a flood of invented numbers adds no rows and cannot push a lock
/// out. The owner of a targeted number waits an hour (or asks at the reception), which is the lesser harm.
/// </summary>
public sealed class LookupGuard(PetitionDbContext db, TimeProvider time)
{
    public const int MaxFailuresPerHour = 10;
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    // One statement on both providers: a new number starts a window, an expired window starts over, else one more.
    private const string RecordSql =
        """
        INSERT INTO "StatusLookupFailures" ("TrackingNo", "Failures", "WindowStartUtc") VALUES ({0}, 1, {1})
        ON CONFLICT ("TrackingNo") DO UPDATE SET
          "Failures" = CASE WHEN "StatusLookupFailures"."WindowStartUtc" < {2} THEN 1 ELSE "StatusLookupFailures"."Failures" + 1 END,
          "WindowStartUtc" = CASE WHEN "StatusLookupFailures"."WindowStartUtc" < {2} THEN {1} ELSE "StatusLookupFailures"."WindowStartUtc" END
        """;

    public async Task<bool> IsLockedAsync(string trackingNo, CancellationToken cancellationToken)
    {
        var windowStart = time.GetUtcNow().UtcDateTime - Window;
        return await db.Set<StatusLookupFailure>().AsNoTracking()
            .AnyAsync(f => f.TrackingNo == trackingNo && f.WindowStartUtc >= windowStart && f.Failures >= MaxFailuresPerHour, cancellationToken);
    }

    public async Task RecordFailureAsync(string trackingNo, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await db.Database.ExecuteSqlRawAsync(RecordSql, [trackingNo, now, now - Window], cancellationToken);
    }
}

/// <summary>Drops counters whose window ended a day ago.</summary>
internal sealed class LookupGuardCleanup : IHousekeepingTask
{
    public string Name => "status look-up failures";

    public Task<int> RunAsync(PetitionDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var before = now - LookupGuard.Window - TimeSpan.FromDays(1);
        return db.Set<StatusLookupFailure>().Where(f => f.WindowStartUtc < before).ExecuteDeleteAsync(cancellationToken);
    }
}
