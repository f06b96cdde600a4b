using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Channels.Web.DirectLine;

/// <summary>
/// Removes Direct Line activities older than <see cref="DirectLineOptions.Retention"/>, conversations left without
/// activities by that, and conversations whose token expired before anything was posted (tokens/generate floods).
/// </summary>
internal sealed class DirectLineRetention(IOptions<DirectLineOptions> options) : IHousekeepingTask
{
    public string Name => "directline";

    public async Task<int> RunAsync(PetitionDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var before = now - options.Value.Retention;
        var unusedBefore = now - options.Value.TokenLifetime;
        var activities = await db.Set<DirectLineActivity>().Where(a => a.CreatedUtc < before).ExecuteDeleteAsync(cancellationToken);
        var conversations = await db.Set<DirectLineConversation>()
            .Where(c => c.CreatedUtc < (c.WelcomedUtc == null ? unusedBefore : before))
            .Where(c => !db.Set<DirectLineActivity>().Any(a => a.ConversationId == c.Id))
            .ExecuteDeleteAsync(cancellationToken);
        return activities + conversations;
    }
}
