using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PetitionBot.Bot.Conversation.Persistence;

/// <summary>
/// One conversation per (channel, user): the dialog state as JSON. Version is the optimistic concurrency token: a turn
/// saves only if nobody saved since it loaded, so two deliveries can never both advance the form.
/// </summary>
public class ConversationRecord
{
    public long Id { get; set; }
    public required string Channel { get; set; }
    public required string UserId { get; set; }
    public required string State { get; set; }
    public long Version { get; set; }
    public DateTime CreatedUtc { get; set; }
    /// <summary>Last message handled; drives the 24-hour idle expiry.</summary>
    public DateTime UpdatedUtc { get; set; }
}

/// <summary>
/// An inbound delivery (WeChat MsgId or event, Bot Framework activity id, Direct Line activity, /api/chat Idempotency-Key)
/// that was handled, with the replies it got, so a retry is answered the same without running again. Every channel's
/// deliveries, one unique key: see <see cref="ProcessedDeliveries"/>.
/// </summary>
public class ProcessedDelivery
{
    public long Id { get; set; }
    public required string Channel { get; set; }
    public required string UserId { get; set; }
    public required string DeliveryId { get; set; }
    /// <summary>The replies as JSON; null while the delivery is still being answered (claimed first, as WeChat does).</summary>
    public string? Replies { get; set; }
    public DateTime AtUtc { get; set; }
}

internal sealed class ConversationRecordConfiguration : IEntityTypeConfiguration<ConversationRecord>
{
    public void Configure(EntityTypeBuilder<ConversationRecord> b)
    {
        b.ToTable("Conversations");
        b.Property(c => c.Channel).HasMaxLength(40);
        b.Property(c => c.UserId).HasMaxLength(200);
        b.HasIndex(c => new { c.Channel, c.UserId }).IsUnique();
        b.Property(c => c.Version).IsConcurrencyToken();
    }
}

internal sealed class ProcessedDeliveryConfiguration : IEntityTypeConfiguration<ProcessedDelivery>
{
    public void Configure(EntityTypeBuilder<ProcessedDelivery> b)
    {
        b.ToTable("ProcessedDeliveries");
        b.Property(d => d.Channel).HasMaxLength(40);
        b.Property(d => d.UserId).HasMaxLength(200);
        b.Property(d => d.DeliveryId).HasMaxLength(200);
        b.HasIndex(d => new { d.Channel, d.DeliveryId }).IsUnique();
        b.HasIndex(d => d.AtUtc); // the retention's delete
    }
}
