using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Channels.Activities;

namespace PetitionBot.Bot.Channels.BotFramework;

/// <summary>
/// Where to reach a Bot Framework user later (proactive status notices). Written only after a request whose token
/// was valid, so its serviceUrl is one the connector vouched for. The user's display name is not kept.
/// </summary>
public class BotConversationReference
{
    public long Id { get; set; }
    /// <summary>from.id, the UserId of IncomingMessage for channel "botframework".</summary>
    public required string UserId { get; set; }
    public required string ChannelId { get; set; }
    public required string ServiceUrl { get; set; }
    public required string ConversationId { get; set; }
    public required string BotId { get; set; }
    public string? BotName { get; set; }
    public DateTime UpdatedUtc { get; set; }
}

internal sealed class BotConversationReferenceConfiguration : IEntityTypeConfiguration<BotConversationReference>
{
    public void Configure(EntityTypeBuilder<BotConversationReference> b)
    {
        b.ToTable("BotConversationReferences");
        b.HasIndex(r => r.UserId).IsUnique();
        b.Property(r => r.UserId).HasMaxLength(256);
        b.Property(r => r.ChannelId).HasMaxLength(64);
        b.Property(r => r.ServiceUrl).HasMaxLength(512);
        b.Property(r => r.ConversationId).HasMaxLength(512);
        b.Property(r => r.BotId).HasMaxLength(256);
        b.Property(r => r.BotName).HasMaxLength(256);
    }
}

/// <summary>Keeps the latest conversation reference per user.</summary>
internal sealed class ConversationReferences(PetitionDbContext db, TimeProvider time)
{
    public async Task RememberAsync(Activity activity, ChannelAccount user, CancellationToken cancellationToken)
    {
        if (user.Id is null || activity.ChannelId is null || activity.ServiceUrl is null
            || activity.Conversation?.Id is null || activity.Recipient?.Id is null)
        {
            return;
        }

        for (var attempt = 0; ; attempt++)
        {
            var row = await db.Set<BotConversationReference>().FirstOrDefaultAsync(r => r.UserId == user.Id, cancellationToken);
            if (row is null)
            {
                row = new BotConversationReference
                {
                    UserId = user.Id, ChannelId = "", ServiceUrl = "", ConversationId = "", BotId = "",
                };
                db.Add(row);
            }
            row.ChannelId = activity.ChannelId;
            row.ServiceUrl = activity.ServiceUrl;
            row.ConversationId = activity.Conversation.Id;
            row.BotId = activity.Recipient.Id;
            row.BotName = activity.Recipient.Name;
            row.UpdatedUtc = time.GetUtcNow().UtcDateTime;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Two first messages of the same user at once: the other insert won, update that row instead.
                db.ChangeTracker.Clear();
            }
        }
    }

    public Task<BotConversationReference?> FindAsync(string userId, CancellationToken cancellationToken) =>
        db.Set<BotConversationReference>().AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId, cancellationToken);
}
