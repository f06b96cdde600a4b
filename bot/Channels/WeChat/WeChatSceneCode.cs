using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>A permanent QR scene code (QR_LIMIT_STR_SCENE) for a unit: scanning it opens a form pre-set to the unit.</summary>
public class WeChatSceneCode
{
    public long Id { get; set; }
    /// <summary>The scene string, the unit's code (1–64 characters).</summary>
    public required string SceneKey { get; set; }
    /// <summary>The unit's name, printed on the poster.</summary>
    public required string Title { get; set; }
    public required string Ticket { get; set; }
    /// <summary>The URL the QR image encodes.</summary>
    public required string Url { get; set; }
    public DateTime CreatedUtc { get; set; }
}

internal sealed class WeChatSceneCodeConfiguration : IEntityTypeConfiguration<WeChatSceneCode>
{
    public void Configure(EntityTypeBuilder<WeChatSceneCode> b)
    {
        b.ToTable("WeChatSceneCodes");
        b.Property(s => s.SceneKey).HasMaxLength(64);
        b.Property(s => s.Title).HasMaxLength(100);
        b.Property(s => s.Ticket).HasMaxLength(512);
        b.Property(s => s.Url).HasMaxLength(512);
        b.HasIndex(s => s.SceneKey).IsUnique();
    }
}
