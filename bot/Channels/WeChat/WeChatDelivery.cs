using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>
/// One callback delivery (MsgId, or FromUserName + CreateTime for events), claimed by the instance that answers it.
/// The unique key makes WeChat's retries harmless across instances; rows are kept for an hour. A claim without a
/// <see cref="WeChatDeliveryOutcome"/> is still being answered.
/// </summary>
public class WeChatDelivery
{
    public long Id { get; set; }
    /// <summary>"wechat:{MsgId}", or for events "wechat:{FromUserName}:{CreateTime}:{Event}:{EventKey}" (same for "wecom").</summary>
    public required string DedupKey { get; set; }
    public required string Channel { get; set; }
    public required string UserId { get; set; }
    public DateTime ReceivedUtc { get; set; }
}

/// <summary>
/// How a claimed delivery was answered. A row of its own, written once, rather than columns filled in on the claim: a claim
/// that later grew by a ~2 KB reply made SQLite split and rewrite its neighbours, a third of the log pages a message cost.
/// </summary>
public class WeChatDeliveryOutcome
{
    /// <summary>The <see cref="WeChatDelivery.Id"/>; deleting the delivery deletes its outcome.</summary>
    public long DeliveryId { get; set; }
    public DeliveryState State { get; set; }
    /// <summary>The passive reply text sent, when State is Replied (null means "success" was sent).</summary>
    public string? ReplyText { get; set; }
    public DateTime CompletedUtc { get; set; }
}

public enum DeliveryState
{
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
        b.Property(d => d.Id).UsesRowId();
    }
}

internal sealed class WeChatDeliveryOutcomeConfiguration : IEntityTypeConfiguration<WeChatDeliveryOutcome>
{
    public void Configure(EntityTypeBuilder<WeChatDeliveryOutcome> b)
    {
        b.ToTable("WeChatDeliveryOutcomes");
        b.HasKey(o => o.DeliveryId);
        b.Property(o => o.DeliveryId).ValueGeneratedNever();
        b.HasOne<WeChatDelivery>().WithOne().HasForeignKey<WeChatDeliveryOutcome>(o => o.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}
