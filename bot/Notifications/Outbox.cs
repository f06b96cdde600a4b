using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Notifications;

/// <summary>Queues a message for a citizen; the dispatcher sends it through the channel's INotificationSender.</summary>
public interface IOutbox
{
    /// <summary>
    /// Queues the message unless one with the same <paramref name="dedupKey"/> was queued before (then nothing happens).
    /// Runs inside the caller's transaction when there is one, so the message is queued exactly when the change commits.
    /// </summary>
    /// <returns>True when queued now, false for a duplicate key.</returns>
    Task<bool> EnqueueAsync(string channel, string userId, string kind, string text, string? trackingNo, string dedupKey,
        CancellationToken cancellationToken = default);
}

/// <summary>The only way into the outbox: every feature that tells a citizen something queues it here.</summary>
internal sealed class Outbox(PetitionDbContext db, TimeProvider time, OutboxSignal signal, ILogger<Outbox> logger) : IOutbox
{
    public async Task<bool> EnqueueAsync(string channel, string userId, string kind, string text, string? trackingNo,
        string dedupKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(dedupKey);

        var now = time.GetUtcNow().UtcDateTime;
        // The one statement EF cannot say: insert unless the key exists (SQLite and PostgreSQL alike). Catching a unique
        // violation instead would abort the caller's PostgreSQL transaction. Runs in the context's transaction, if any.
        var queued = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "OutboxMessages" ("Channel", "UserId", "Kind", "Text", "TrackingNo", "DedupKey", "CreatedUtc", "NextAttemptUtc", "Attempts")
            VALUES ({channel}, {userId}, {kind}, {text}, {trackingNo}, {dedupKey}, {now}, {now}, 0)
            ON CONFLICT ("DedupKey") DO NOTHING
            """, cancellationToken) == 1;

        if (!queued)
        {
            logger.LogDebug("Outbox message {DedupKey} already queued", dedupKey);
            return false;
        }
        logger.LogInformation("Outbox message {DedupKey} ({Kind}) queued for {Channel}", dedupKey, kind, channel);
        // The dispatcher gathers for a moment after a wake-up, so the caller's transaction has usually committed by then;
        // if not, its next poll finds the row.
        signal.Notify();
        return true;
    }
}
