using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Conversation.Persistence;

/// <summary>
/// The one record of inbound deliveries already handled, for every channel: a unique (channel, delivery id) and the
/// replies to repeat. The engine adds the row in the same save as the turn it answers (a retry that raced it conflicts
/// and is answered from the row). A channel that must answer before the engine is done (WeChat's 5 seconds) claims the
/// delivery first, so a retry meanwhile waits instead of running the turn; the engine then completes the claim in the
/// turn's own save, and the channel completes it itself only when the engine saved nothing (an apology, a fallback).
/// </summary>
public sealed class ProcessedDeliveries(PetitionDbContext db)
{
    // Claims made in this scope (the turn's save completes them by key), and those a committed turn completed: the
    // channel that claimed asks, rather than reading the row back.
    private Dictionary<(string Channel, string DeliveryId), ProcessedDelivery>? _claimed;
    private HashSet<(string Channel, string DeliveryId)>? _completedHere;

    /// <summary>How a delivery was handled: still being answered (Replies null), or the replies it got.</summary>
    public sealed record Handled(IReadOnlyList<BotReply>? Replies);

    /// <summary>Null for a delivery not seen before (or forgotten after Conversation:DeliveryRetention).</summary>
    public async Task<Handled?> FindAsync(string channel, string deliveryId, CancellationToken cancellationToken = default)
    {
        var row = await db.Set<ProcessedDelivery>().AsNoTracking()
            .Where(d => d.Channel == channel && d.DeliveryId == deliveryId)
            .Select(d => new { d.Replies })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new Handled(row.Replies is null ? null : Read(row.Replies));
    }

    /// <summary>Adds the handled delivery to the context's next save (a duplicate makes that save fail as a unique violation).</summary>
    public void Add(string channel, string userId, string deliveryId, IReadOnlyList<BotReply> replies, DateTime now) =>
        db.Add(new ProcessedDelivery { Channel = channel, UserId = userId, DeliveryId = deliveryId, Replies = Write(replies), AtUtc = now });

    /// <summary>Records the delivery as being answered by this caller; false when it was recorded before (a retry).</summary>
    public async Task<bool> ClaimAsync(string channel, string userId, string deliveryId, DateTime now,
        CancellationToken cancellationToken = default)
    {
        var claim = new ProcessedDelivery { Channel = channel, UserId = userId, DeliveryId = deliveryId, AtUtc = now };
        db.Add(claim);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            (_claimed ??= [])[(channel, deliveryId)] = claim;
            return true;
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return false;
        }
        finally
        {
            db.Entry(claim).State = EntityState.Detached;
        }
    }

    /// <summary>
    /// Stores the replies of a claimed delivery that has none yet, or (<paramref name="replace"/>) whatever it has (in
    /// the caller's transaction, if any); false when it had some already and they stay.
    /// </summary>
    public async Task<bool> CompleteAsync(string channel, string deliveryId, IReadOnlyList<BotReply> replies, bool replace = false,
        CancellationToken cancellationToken = default)
    {
        var json = Write(replies);
        return await db.Set<ProcessedDelivery>().Where(d => d.Channel == channel && d.DeliveryId == deliveryId && (replace || d.Replies == null))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Replies, json), cancellationToken) == 1;
    }

    /// <summary>
    /// Adds the replies of a delivery claimed in this scope to the context's next save, as an update by its key, so the
    /// turn and its reply commit together; false when this scope made no such claim.
    /// </summary>
    internal bool AddCompletion(string channel, string deliveryId, IReadOnlyList<BotReply> replies)
    {
        if (_claimed is null || !_claimed.TryGetValue((channel, deliveryId), out var claim)) return false;
        var row = new ProcessedDelivery
        {
            Id = claim.Id, Channel = claim.Channel, UserId = claim.UserId, DeliveryId = claim.DeliveryId, AtUtc = claim.AtUtc,
        };
        db.Attach(row);
        row.Replies = Write(replies);
        return true;
    }

    /// <summary>Notes that a turn's committed save completed the claim (see <see cref="CompletedHere"/>).</summary>
    internal void NoteCompleted(string channel, string deliveryId) => (_completedHere ??= []).Add((channel, deliveryId));

    /// <summary>
    /// True when a turn saved in this scope completed the claimed delivery with its replies (over the "success" the
    /// claimant records at a deadline, if that came first: the claimant puts it back with the late answer's outbox rows).
    /// </summary>
    public bool CompletedHere(string channel, string deliveryId) => _completedHere?.Contains((channel, deliveryId)) == true;

    private static string Write(IReadOnlyList<BotReply> replies) => JsonSerializer.Serialize(replies, ConversationEngine.Json);

    private static List<BotReply> Read(string json) => JsonSerializer.Deserialize<List<BotReply>>(json, ConversationEngine.Json) ?? [];
}

/// <summary>Forgets handled deliveries after Conversation:DeliveryRetention (channel retries come within minutes).</summary>
internal sealed class ProcessedDeliveryRetention(Microsoft.Extensions.Options.IOptions<ConversationOptions> options) : IHousekeepingTask
{
    public string Name => "processed deliveries";

    public Task<int> RunAsync(PetitionDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var before = now - options.Value.DeliveryRetention;
        return db.Set<ProcessedDelivery>().Where(d => d.AtUtc < before).ExecuteDeleteAsync(cancellationToken);
    }
}
