using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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

internal sealed class Outbox(PetitionDbContext db, TimeProvider time, ILogger<Outbox> logger) : IOutbox
{
    // ON CONFLICT DO NOTHING (SQLite and PostgreSQL alike) instead of catching a unique violation: a failed INSERT would
    // abort the caller's PostgreSQL transaction.
    private const string EnqueueSql =
        """INSERT INTO "OutboxMessages" ("Channel", "UserId", "Kind", "Text", "TrackingNo", "DedupKey", "CreatedUtc", "NextAttemptUtc", "Attempts") VALUES (@channel, @user, @kind, @text, @tracking, @key, @at, @at, 0) ON CONFLICT ("DedupKey") DO NOTHING""";

    /// <summary>Queues <paramref name="message"/> within <paramref name="batch"/>, unless its DedupKey is queued already.</summary>
    public static async Task<bool> EnqueueAsync(WriteBatch batch, OutboxMessage message) =>
        await batch.ExecuteAsync(EnqueueSql, ("@channel", message.Channel), ("@user", message.UserId), ("@kind", message.Kind),
            ("@text", message.Text), ("@tracking", message.TrackingNo), ("@key", message.DedupKey), ("@at", message.CreatedUtc)) == 1;

    public async Task<bool> EnqueueAsync(string channel, string userId, string kind, string text, string? trackingNo,
        string dedupKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(dedupKey);

        var now = time.GetUtcNow().UtcDateTime;
        var message = new OutboxMessage
        {
            Channel = channel, UserId = userId, Kind = kind, Text = text, TrackingNo = trackingNo, DedupKey = dedupKey,
            CreatedUtc = now, NextAttemptUtc = now,
        };
        // The same statement as on the chat path, in the caller's transaction when there is one.
        await db.Database.OpenConnectionAsync(cancellationToken);
        bool queued;
        try
        {
            queued = await EnqueueAsync(new WriteBatch(db, db.Database.CurrentTransaction?.GetDbTransaction()), message);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        if (!queued) logger.LogDebug("Outbox message {DedupKey} already queued", dedupKey);
        else logger.LogInformation("Outbox message {DedupKey} ({Kind}) queued for {Channel}", dedupKey, kind, channel);
        return queued;
    }
}
