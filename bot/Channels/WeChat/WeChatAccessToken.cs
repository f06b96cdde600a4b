using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>
/// An API access_token kept in the database so every instance uses the same one (fetching a new one
/// elsewhere would not invalidate a stable token, but the daily quota is shared).
/// </summary>
public class WeChatAccessToken
{
    /// <summary>"wechat:{AppId}" or "wecom:{CorpId}:{AgentId}".</summary>
    public required string Key { get; set; }
    public required string Token { get; set; }
    public DateTime ExpiresUtc { get; set; }
    public DateTime RefreshedUtc { get; set; }
}

internal sealed class WeChatAccessTokenConfiguration : IEntityTypeConfiguration<WeChatAccessToken>
{
    public void Configure(EntityTypeBuilder<WeChatAccessToken> b)
    {
        b.ToTable("WeChatAccessTokens");
        b.HasKey(t => t.Key);
        b.Property(t => t.Key).HasMaxLength(200);
        b.Property(t => t.Token).HasMaxLength(1024);
    }
}
