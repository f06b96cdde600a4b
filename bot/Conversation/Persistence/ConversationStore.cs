using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Conversation.Dialog;
using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Conversation.Persistence;

/// <summary>
/// Where conversation state lives between messages. Rows are read through the <see cref="ConversationCache"/>; saves go
/// through the <see cref="WriteBatcher"/>, so the turns of many citizens share one commit. A save is conditional: it applies only if
/// nobody saved the conversation (or handled the same delivery) since the turn loaded it.
/// </summary>
public sealed class ConversationStore(PetitionDbContext db, WriteBatcher writer, ConversationCache cache)
{
    private const string InsertDeliverySql =
        """INSERT INTO "ProcessedDeliveries" ("Channel", "UserId", "DeliveryId", "Replies", "AtUtc") VALUES (@channel, @user, @delivery, @replies, @at) ON CONFLICT ("Channel", "DeliveryId") DO NOTHING""";
    private const string ForgetDeliveriesSql =
        """DELETE FROM "ProcessedDeliveries" WHERE "Channel" = @channel AND "UserId" = @user AND "AtUtc" < @before""";
    private const string InsertConversationSql =
        """INSERT INTO "Conversations" ("Channel", "UserId", "State", "Version", "CreatedUtc", "UpdatedUtc") VALUES (@channel, @user, @state, 1, @at, @at) ON CONFLICT ("Channel", "UserId") DO NOTHING""";
    private const string UpdateConversationSql =
        """UPDATE "Conversations" SET "State" = @state, "Version" = @version + 1, "UpdatedUtc" = @at WHERE "Id" = @id AND "Version" = @version""";
    private const int TrimEveryTurns = 16;
    private const string InsertLineSql =
        """INSERT INTO "ConversationLines" ("Channel", "UserId", "AtUtc", "Speaker", "Text") VALUES (@channel, @user, @at, @speaker, @text)""";
    // Keeps the newest @keep lines: everything at or below the (@keep + 1)-th newest id goes.
    private const string TrimLinesSql =
        """DELETE FROM "ConversationLines" WHERE "Channel" = @channel AND "UserId" = @user AND "Id" <= (SELECT "Id" FROM "ConversationLines" WHERE "Channel" = @channel AND "UserId" = @user ORDER BY "Id" DESC LIMIT 1 OFFSET @keep)""";
    private const string ForgetLinesSql =
        """DELETE FROM "ConversationLines" WHERE "Channel" = @channel AND "UserId" = @user""";

    /// <summary>The replies a delivery got when it was first handled, as stored JSON; null if it is new.</summary>
    public Task<string?> FindDeliveryAsync(string channel, string deliveryId) =>
        db.Set<ProcessedDelivery>().Where(d => d.Channel == channel && d.DeliveryId == deliveryId).Select(d => d.Replies).FirstOrDefaultAsync();

    /// <summary>The conversation's latest row (cached, or read), or null for a citizen the bot has not met (or has forgotten).</summary>
    public async Task<ConversationRecord?> FindAsync(string channel, string userId)
    {
        if (cache.Find(channel, userId) is { } cached) return cached;
        var row = await db.Set<ConversationRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.Channel == channel && r.UserId == userId);
        if (row is not null) cache.Remember(row);
        return row;
    }

    /// <summary>The newest <paramref name="count"/> chat lines of a conversation, oldest first.</summary>
    public async Task<IReadOnlyList<TranscriptEntry>> ReadTranscriptAsync(string channel, string userId, int count,
        CancellationToken cancellationToken = default)
    {
        var newest = await db.Set<ConversationLine>().AsNoTracking()
            .Where(l => l.Channel == channel && l.UserId == userId)
            .OrderByDescending(l => l.Id).Take(count)
            .Select(l => new TranscriptEntry(l.AtUtc, l.Speaker, l.Text))
            .ToListAsync(cancellationToken);
        newest.Reverse();
        return newest;
    }

    /// <summary>
    /// Saves the new state (and the delivery with its replies) if <paramref name="loaded"/> is still the latest version;
    /// false when another turn saved first, in which case nothing is written.
    /// </summary>
    public async Task<bool> TrySaveAsync(string channel, string userId, ConversationRecord? loaded, string state,
        (string Id, string Replies, DateTime ForgetBefore)? delivery, TranscriptChange transcript, DateTime now)
    {
        var saved = await writer.WriteAsync(async batch =>
        {
            if (delivery is { } d)
            {
                var inserted = await batch.ExecuteAsync(InsertDeliverySql, ("@channel", channel), ("@user", userId),
                    ("@delivery", d.Id), ("@replies", d.Replies), ("@at", now));
                if (inserted == 0) return Conflict(batch); // the same delivery was handled meanwhile
            }

            var written = loaded is null
                ? await batch.ExecuteAsync(InsertConversationSql, ("@channel", channel), ("@user", userId), ("@state", state), ("@at", now))
                : await batch.ExecuteAsync(UpdateConversationSql, ("@state", state), ("@version", loaded.Version), ("@at", now),
                    ("@id", loaded.Id));
            if (written != 1) return Conflict(batch);

            // Housekeeping walks the conversation's indexes: every few turns is enough (the filing read takes the newest
            // lines; deliveries are kept at least as long as the retention).
            var housekeeping = (loaded?.Version ?? 0) % TrimEveryTurns == 0;
            if (housekeeping && delivery is { } handled)
            {
                await batch.ExecuteAsync(ForgetDeliveriesSql, ("@channel", channel), ("@user", userId), ("@before", handled.ForgetBefore));
            }
            if (transcript.Forget)
            {
                await batch.ExecuteAsync(ForgetLinesSql, ("@channel", channel), ("@user", userId));
                return true;
            }
            foreach (var line in transcript.Lines)
            {
                await batch.ExecuteAsync(InsertLineSql, ("@channel", channel), ("@user", userId), ("@at", line.AtUtc),
                    ("@speaker", line.Speaker), ("@text", line.Text));
            }
            if (housekeeping && transcript.Lines.Count > 0)
            {
                await batch.ExecuteAsync(TrimLinesSql, ("@channel", channel), ("@user", userId), ("@keep", transcript.Keep));
            }
            return true;
        }, key: WriteBatcher.KeyOf(channel, userId));

        if (!saved) cache.Forget(channel, userId); // the cached row is stale: the retried turn reads the database
        else if (loaded is not null)
        {
            cache.Remember(new ConversationRecord
            {
                Id = loaded.Id, Channel = channel, UserId = userId, State = state, Version = loaded.Version + 1,
                CreatedUtc = loaded.CreatedUtc, UpdatedUtc = now,
            });
        }
        // A new conversation's id is not known here; its next turn reads the row once.
        return saved;
    }

    private static bool Conflict(WriteBatch batch)
    {
        batch.Undo();
        return false;
    }
}

/// <summary>A turn's chat lines to append (the newest <see cref="Keep"/> are kept), or the whole chat to forget.</summary>
public sealed record TranscriptChange(IReadOnlyList<TranscriptEntry> Lines, int Keep, bool Forget = false);
