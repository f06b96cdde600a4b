using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Conversation.Persistence;

/// <summary>
/// Forgets conversations nobody wrote in for <see cref="ConversationOptions.Retention"/>: their state and chat lines
/// (handled deliveries go sooner, see <see cref="ProcessedDeliveryRetention"/>). A filed petition keeps its own copy of the transcript, so nothing a clerk needs goes.
/// </summary>
internal sealed class ConversationRetention(IOptions<ConversationOptions> options) : IHousekeepingTask
{
    public string Name => "conversations";

    public async Task<int> RunAsync(PetitionDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var before = now - options.Value.Retention;
        var lines = await db.Set<ConversationLine>().Where(l => l.AtUtc < before).ExecuteDeleteAsync(cancellationToken);
        var conversations = await db.Set<ConversationRecord>().Where(c => c.UpdatedUtc < before).ExecuteDeleteAsync(cancellationToken);
        return lines + conversations;
    }
}
