using System.Threading.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Office.Auth;

/// <summary>Failed sign-ins for one user name from one client address (whether the name exists or not).</summary>
public class OfficeSignInFailure
{
    /// <summary>"{user name, lower case}|{address}".</summary>
    public required string Key { get; set; }
    public int Failures { get; set; }
    public DateTime LastFailureUtc { get; set; }
    public DateTime? LockedUntilUtc { get; set; }
}

internal sealed class OfficeSignInFailureConfiguration : IEntityTypeConfiguration<OfficeSignInFailure>
{
    public void Configure(EntityTypeBuilder<OfficeSignInFailure> b)
    {
        b.ToTable("OfficeSignInFailures");
        b.HasKey(f => f.Key);
        b.Property(f => f.Key).HasMaxLength(200);
    }
}

/// <summary>
/// Lockout per (user name, client address), kept in the database so it holds across instances: whoever guesses from
/// one address is locked out there, while the account's owner at another address can still sign in. Unknown names
/// are counted the same way, so the answers never tell which names exist.
/// </summary>
public sealed class SignInGuard(PetitionDbContext db, TimeProvider time, IOptions<OfficeOptions> options)
{
    private static string KeyOf(string userName, string address)
    {
        var key = $"{userName.Trim().ToLowerInvariant()}|{address}";
        return key.Length <= 200 ? key : key[..200];
    }

    /// <summary>Until when this name is locked for this address, or null.</summary>
    public async Task<DateTime?> LockedUntilAsync(string userName, string address, CancellationToken ct)
    {
        var key = KeyOf(userName, address);
        var now = time.GetUtcNow().UtcDateTime;
        var until = await db.Set<OfficeSignInFailure>().AsNoTracking().Where(f => f.Key == key).Select(f => f.LockedUntilUtc).FirstOrDefaultAsync(ct);
        return until > now ? until : null;
    }

    /// <summary>Counts a failure; returns the lock's end when this failure locks the name for the address.</summary>
    public async Task<DateTime?> RecordFailureAsync(string userName, string address, CancellationToken ct)
    {
        var key = KeyOf(userName, address);
        var now = time.GetUtcNow().UtcDateTime;
        var o = options.Value;
        var row = await db.Set<OfficeSignInFailure>().SingleOrDefaultAsync(f => f.Key == key, ct);
        if (row is null)
        {
            row = new OfficeSignInFailure { Key = key };
            db.Add(row);
        }
        // Failures older than a lockout's length are forgiven.
        if (row.LastFailureUtc < now - o.LockoutDuration) row.Failures = 0;
        row.Failures++;
        row.LastFailureUtc = now;
        DateTime? locked = null;
        if (row.Failures >= o.MaxFailedLogins)
        {
            row.Failures = 0;
            row.LockedUntilUtc = locked = now + o.LockoutDuration;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two failures at once from the same address: one is enough to count.
        }
        return locked;
    }

    public Task ForgetAsync(string userName, string address, CancellationToken ct)
    {
        var key = KeyOf(userName, address);
        return db.Set<OfficeSignInFailure>().Where(f => f.Key == key).ExecuteDeleteAsync(ct);
    }
}

/// <summary>Sign-in attempts per client address and minute (per instance), before any password is checked.</summary>
public sealed class SignInThrottle(IOptions<OfficeOptions> options) : IDisposable
{
    public PartitionedRateLimiter<string> Limiter { get; } = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.SignInAttemptsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public void Dispose() => Limiter.Dispose();
}

/// <summary>Drops sign-in failure rows a day after their last failure.</summary>
internal sealed class SignInFailureCleanup : IHousekeepingTask
{
    public string Name => "office sign-in failures";

    public Task<int> RunAsync(PetitionDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var before = now - TimeSpan.FromDays(1);
        return db.Set<OfficeSignInFailure>()
            .Where(f => f.LastFailureUtc < before && (f.LockedUntilUtc == null || f.LockedUntilUtc < before))
            .ExecuteDeleteAsync(cancellationToken);
    }
}
