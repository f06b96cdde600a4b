using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>
/// One callback delivery (MsgId, or FromUserName + CreateTime for events) and the reply it produced.
/// The unique key makes WeChat's retries harmless across instances; rows are kept for an hour.
/// </summary>
public class WeChatDelivery
{
    public long Id { get; set; }
    /// <summary>"wechat:{MsgId}", or for events "wechat:{FromUserName}:{CreateTime}:{Event}:{EventKey}" (same for "wecom").</summary>
    public required string DedupKey { get; set; }
    public required string Channel { get; set; }
    public required string UserId { get; set; }
    public DeliveryState State { get; set; }
    /// <summary>The passive reply text sent, when State is Replied (null means "success" was sent).</summary>
    public string? ReplyText { get; set; }
    public DateTime ReceivedUtc { get; set; }
    public DateTime? CompletedUtc { get; set; }
}

public enum DeliveryState
{
    /// <summary>Claimed by an instance, the engine is working on it.</summary>
    Processing,
    /// <summary>Answered passively; ReplyText holds the answer.</summary>
    Replied,
    /// <summary>Answered "success"; the answer goes through the outbox.</summary>
    Deferred,
}

internal sealed class WeChatDeliveryConfiguration : IEntityTypeConfiguration<WeChatDelivery>
{
    public void Configure(EntityTypeBuilder<WeChatDelivery> b)
    {
        b.ToTable("WeChatDeliveries");
        b.Property(d => d.DedupKey).HasMaxLength(200);
        b.Property(d => d.Channel).HasMaxLength(20);
        b.Property(d => d.UserId).HasMaxLength(128);
        b.HasIndex(d => d.DedupKey).IsUnique();
        b.HasIndex(d => d.ReceivedUtc);
    }
}
