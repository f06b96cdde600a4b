using PetitionBot.Bot.Data;
using PetitionBot.Bot.Notifications;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>
/// A change to the user's customer-service window: a new inbound message, and/or the kept "全文" text (SetFullText with
/// null forgets it: a new answer makes an older answer's rest no longer what "全文" means).
/// </summary>
internal sealed record WindowChange(DateTime? InboundUtc, bool SetFullText = false, string? FullText = null);

/// <summary>
/// Delivery claims, replies, outbox rows and window changes, written through the <see cref="WriteBatcher"/>: requests that
/// arrive together share one commit. A claim whose key exists already inserts nothing (ON CONFLICT DO NOTHING) and
/// reports false. On SQLite the rows are committed with synchronous=NORMAL: a power cut may lose the last moments of
/// dedup rows, which WeChat's retries then simply process again.
/// </summary>
internal sealed class WeChatDeliveryLedger(WriteBatcher writer, OutboxSignal outboxSignal)
{
    private const string ClaimSql =
        """INSERT INTO "WeChatDeliveries" ("DedupKey", "Channel", "UserId", "ReceivedUtc") VALUES (@key, @channel, @user, @at) ON CONFLICT ("DedupKey") DO NOTHING""";
    private const string OutcomeSql =
        """INSERT INTO "WeChatDeliveryOutcomes" ("DeliveryId", "State", "ReplyText", "CompletedUtc") SELECT "Id", @state, @reply, @at FROM "WeChatDeliveries" WHERE "DedupKey" = @key""";
    private const string InboundSql =
        """INSERT INTO "WeChatUserWindows" ("Channel", "UserId", "LastInboundUtc", "SentSinceInbound") VALUES (@channel, @user, @at, 0) ON CONFLICT ("Channel", "UserId") DO UPDATE SET "LastInboundUtc" = excluded."LastInboundUtc", "SentSinceInbound" = 0 WHERE "WeChatUserWindows"."LastInboundUtc" <= excluded."LastInboundUtc" AND ("WeChatUserWindows"."SentSinceInbound" > 0 OR "WeChatUserWindows"."LastInboundUtc" < @stale)""";
    private const string FullTextSql =
        """INSERT INTO "WeChatUserWindows" ("Channel", "UserId", "LastInboundUtc", "SentSinceInbound", "FullText") VALUES (@channel, @user, @at, 0, @text) ON CONFLICT ("Channel", "UserId") DO UPDATE SET "FullText" = excluded."FullText" """;
    // Changes nothing, and writes no page, when nothing is kept: the common case, on every answered message.
    private const string ForgetFullTextSql =
        """UPDATE "WeChatUserWindows" SET "FullText" = NULL WHERE "Channel" = @channel AND "UserId" = @user AND "FullText" IS NOT NULL""";

    // A chatting user's window start moves only once a minute (or when messages went out since, to reset the count): the
    // row is not rewritten on every message, and the window may end up to a minute early, never late.
    private static readonly TimeSpan InboundPrecision = TimeSpan.FromMinutes(1);

    /// <summary>Inserts the delivery row; false when a delivery with the same key is already recorded.</summary>
    public Task<bool> ClaimAsync(WeChatDelivery d) =>
        writer.WriteAsync(async batch => await batch.ExecuteAsync(ClaimSql, ("@key", d.DedupKey), ("@channel", d.Channel),
            ("@user", d.UserId), ("@at", d.ReceivedUtc)) == 1, key: WriteBatcher.KeyOf(d.Channel, d.UserId));

    /// <summary>
    /// Stores the outcome of a claimed delivery (if given), queues outbox rows and applies a window change, atomically.
    /// Nobody waits on it (the reply has gone out; retries meanwhile share the first delivery's result), so it waits to
    /// share a commit with others like it; the user's next message is handled after it is committed.
    /// </summary>
    public async Task WriteAsync(string channel, string userId, (string DedupKey, WeChatDeliveryOutcome Outcome)? answered,
        IReadOnlyList<OutboxMessage> outbox, WindowChange? window)
    {
        await writer.WriteAsync(async batch =>
        {
            if (answered is ({ } dedupKey, { } outcome))
            {
                await batch.ExecuteAsync(OutcomeSql, ("@key", dedupKey), ("@state", outcome.State.ToString()),
                    ("@reply", outcome.ReplyText), ("@at", outcome.CompletedUtc));
            }
            if (window is { InboundUtc: { } inbound })
            {
                await batch.ExecuteAsync(InboundSql, ("@channel", channel), ("@user", userId), ("@at", inbound),
                    ("@stale", inbound - InboundPrecision));
            }
            if (window is { SetFullText: true, FullText: null })
            {
                await batch.ExecuteAsync(ForgetFullTextSql, ("@channel", channel), ("@user", userId));
            }
            else if (window is { SetFullText: true } f)
            {
                await batch.ExecuteAsync(FullTextSql, ("@channel", channel), ("@user", userId),
                    ("@at", f.InboundUtc ?? DateTime.SpecifyKind(DateTime.UnixEpoch, DateTimeKind.Utc)), ("@text", f.FullText));
            }
            foreach (var row in outbox) await Outbox.EnqueueAsync(batch, row);
            return true;
        }, canWait: true, key: WriteBatcher.KeyOf(channel, userId));
        if (outbox.Count > 0) outboxSignal.Notify();
    }
}
