using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Conversation.Persistence;

/// <summary>
/// One chat line, personal data masked, attached to a petition filed from the conversation. Kept apart from the dialog
/// state so that a turn appends its two lines instead of rewriting the whole chat with the state on every message.
/// </summary>
public class ConversationLine
{
    public long Id { get; set; }
    public required string Channel { get; set; }
    public required string UserId { get; set; }
    public DateTime AtUtc { get; set; }
    /// <summary>"user" or "bot".</summary>
    public required string Speaker { get; set; }
    public required string Text { get; set; }
}

internal sealed class ConversationLineConfiguration : IEntityTypeConfiguration<ConversationLine>
{
    public void Configure(EntityTypeBuilder<ConversationLine> b)
    {
        b.ToTable("ConversationLines");
        b.Property(l => l.Channel).HasMaxLength(40);
        b.Property(l => l.UserId).HasMaxLength(200);
        b.Property(l => l.Speaker).HasMaxLength(10);
        // Newest lines of one conversation: the filing read and the trimming delete both walk this index.
        b.HasIndex(l => new { l.Channel, l.UserId, l.Id });
    }
}
