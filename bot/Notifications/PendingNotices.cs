using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Notifications;

/// <summary>
/// A channel that cannot reach a citizen on its own (the plain web chat: nothing is open between two requests). The
/// dispatcher leaves its outbox rows alone; the channel hands them over itself when the citizen next writes.
/// </summary>
public sealed record PullChannel(string Name);

/// <summary>Takes a citizen's waiting notices for a pull channel, oldest first, each handed over once.</summary>
public sealed class PendingNotices(PetitionDbContext db, TimeProvider time)
{
    /// <summary>At most this many per turn; the rest follow on the next one.</summary>
    private const int MaxPerTurn = 10;

    public async Task<IReadOnlyList<OutboxMessage>> TakeAsync(string channel, string userId, CancellationToken cancellationToken)
    {
        var waiting = await db.Outbox.AsNoTracking()
            .Where(m => m.Channel == channel && m.UserId == userId && m.DeliveredUtc == null && m.AbandonedUtc == null)
            .OrderBy(m => m.Id).Take(MaxPerTurn)
            .ToListAsync(cancellationToken);
        if (waiting.Count == 0) return [];
        var now = time.GetUtcNow().UtcDateTime;
        var taken = new List<OutboxMessage>(waiting.Count);
        foreach (var message in waiting)
        {
            // Conditional, so two requests of the same citizen at once do not both show a notice.
            var updated = await db.Outbox.Where(m => m.Id == message.Id && m.DeliveredUtc == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.DeliveredUtc, now).SetProperty(m => m.Attempts, m => m.Attempts + 1),
                    cancellationToken);
            if (updated == 1) taken.Add(message);
        }
        return taken;
    }
}
