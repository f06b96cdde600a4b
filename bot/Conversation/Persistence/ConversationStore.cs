using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Conversation.Dialog;
using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Conversation.Persistence;

/// <summary>
/// Where conversation state lives between messages. A save is conditional: the row's Version is its concurrency token,
/// so the save applies only if nobody saved the conversation (or handled the same delivery) since the turn loaded it.
/// </summary>
public sealed class ConversationStore(PetitionDbContext db, ProcessedDeliveries deliveries)
{
    // Trimming walks the conversation's lines: every few turns is enough (the filing read takes the newest lines).
    private const int TrimEveryTurns = 16;

    /// <summary>The conversation's latest row, or null for a citizen the bot has not met (or has forgotten).</summary>
    public Task<ConversationRecord?> FindAsync(string channel, string userId) =>
        db.Set<ConversationRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.Channel == channel && r.UserId == userId);

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
    /// false when another turn saved first or handled the same delivery, in which case nothing is written.
    /// </summary>
    public async Task<bool> TrySaveAsync(string channel, string userId, ConversationRecord? loaded, string state,
        DeliveryRecord? delivery, TranscriptChange transcript, DateTime now)
    {
        if (delivery is { Claimed: false } d) deliveries.Add(channel, userId, d.Id, d.Replies, now);
        else if (delivery is { Claimed: true } c && !deliveries.AddCompletion(channel, c.Id, c.Replies))
            throw new InvalidOperationException($"Delivery {c.Id} on {channel} is said to be claimed, but not in this scope.");
        if (loaded is null)
        {
            db.Add(new ConversationRecord { Channel = channel, UserId = userId, State = state, Version = 1, CreatedUtc = now, UpdatedUtc = now });
        }
        else
        {
            // Attached as loaded, then changed: EF updates where Id and the loaded Version match.
            var row = new ConversationRecord
            {
                Id = loaded.Id, Channel = channel, UserId = userId, State = loaded.State, Version = loaded.Version,
                CreatedUtc = loaded.CreatedUtc, UpdatedUtc = loaded.UpdatedUtc,
            };
            db.Attach(row);
            row.State = state;
            row.Version = loaded.Version + 1;
            row.UpdatedUtc = now;
        }
        if (!transcript.Forget)
        {
            db.AddRange(transcript.Lines.Select(l => new ConversationLine
            {
                Channel = channel, UserId = userId, AtUtc = l.AtUtc, Speaker = l.Speaker, Text = l.Text,
            }));
        }
        var trim = !transcript.Forget && transcript.Lines.Count > 0 && (loaded?.Version ?? 0) % TrimEveryTurns == 0;

        var claimed = delivery is { Claimed: true };
        await using var transaction = transcript.Forget || trim ? await db.Database.BeginTransactionAsync() : null;
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || ex.IsUniqueViolation())
        {
            return false; // another turn saved first, or the same delivery was handled meanwhile
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
        var lines = db.Set<ConversationLine>().Where(l => l.Channel == channel && l.UserId == userId);
        if (transcript.Forget) await lines.ExecuteDeleteAsync();
        else if (trim)
        {
            // Keeps the newest Keep lines: everything at or below the (Keep + 1)-th newest goes.
            var oldestGone = await lines.OrderByDescending(l => l.Id).Skip(transcript.Keep).Select(l => (long?)l.Id).FirstOrDefaultAsync();
            if (oldestGone is { } id) await lines.Where(l => l.Id <= id).ExecuteDeleteAsync();
        }
        if (transaction is not null) await transaction.CommitAsync();
        if (claimed) deliveries.NoteCompleted(channel, delivery!.Id);
        return true;
    }
}

/// <summary>
/// The delivery a turn answers, with its replies: added in the turn's save, or, when the channel claimed it first,
/// completed there.
/// </summary>
public sealed record DeliveryRecord(string Id, IReadOnlyList<BotReply> Replies, bool Claimed);

/// <summary>A turn's chat lines to append (the newest <see cref="Keep"/> are kept), or the whole chat to forget.</summary>
public sealed record TranscriptChange(IReadOnlyList<TranscriptEntry> Lines, int Keep, bool Forget = false);
