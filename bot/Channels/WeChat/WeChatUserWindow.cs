using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>
/// Per user: when they last wrote to us and how many customer-service messages went out since, because WeChat allows
/// at most 5 within 48 hours of the user's message. Also keeps the rest of a long answer that was shortened, for "全文".
/// </summary>
public class WeChatUserWindow
{
    public long Id { get; set; }
    public required string Channel { get; set; }
    public required string UserId { get; set; }
    public DateTime LastInboundUtc { get; set; }
    public int SentSinceInbound { get; set; }
    /// <summary>What the last shortened answer left out, sent when the user replies "全文".</summary>
    public string? FullText { get; set; }
}

internal sealed class WeChatUserWindowConfiguration : IEntityTypeConfiguration<WeChatUserWindow>
{
    public void Configure(EntityTypeBuilder<WeChatUserWindow> b)
    {
        b.ToTable("WeChatUserWindows");
        b.Property(w => w.Channel).HasMaxLength(20);
        b.Property(w => w.UserId).HasMaxLength(128);
        b.HasIndex(w => new { w.Channel, w.UserId }).IsUnique();
    }
}

/// <summary>
/// Forgets the windows of users silent for WeChat:WindowRetention (a month by default: their quota and kept "全文" text
/// mean nothing by then).
/// </summary>
internal sealed class WeChatWindowRetention(Microsoft.Extensions.Options.IOptions<WeChatOptions> options) : IHousekeepingTask
{
    public string Name => "WeChat user windows";

    public Task<int> RunAsync(PetitionDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var before = now - options.Value.WindowRetention;
        return db.Set<WeChatUserWindow>().Where(w => w.LastInboundUtc < before).ExecuteDeleteAsync(cancellationToken);
    }
}
