namespace PetitionBot.Bot.Conversation;

/// <summary>A channel-neutral message from a citizen. Channels build it; the engine never sees a wire format.</summary>
/// <param name="Channel">"web", "wechat", "wecom", "botframework", "directline" …</param>
/// <param name="UserId">Stable id of the user within the channel (OpenID, Bot Framework from.id …).</param>
/// <param name="Text">The text typed or recognised from voice; null for pure events.</param>
/// <param name="DeliveryId">The channel's id of this delivery (MsgId, activity id), used to make retries harmless.</param>
public sealed record IncomingMessage(
    string Channel,
    string UserId,
    string? Text,
    IReadOnlyList<MessageAttachment>? Attachments = null,
    ChannelEvent? Event = null,
    string? DeliveryId = null);

/// <summary>A photo or file the citizen sent (WeChat MediaId/PicUrl, Bot Framework contentUrl).</summary>
public sealed record MessageAttachment(string Kind, string? Url, string? MediaId = null, string? Name = null);

/// <summary>
/// A non-text event. Kinds: "subscribe", "scan" (Key = QR scene, e.g. unit code), "menu" (Key = menu intent),
/// "location" (Key = place label), "unsubscribe", "welcome" (Bot Framework membersAdded).
/// </summary>
public sealed record ChannelEvent(string Kind, string? Key = null);

/// <summary>One reply bubble: text, optional quick-reply choices and cards.</summary>
public sealed record BotReply(string Text, IReadOnlyList<string>? Choices = null, IReadOnlyList<ReplyCard>? Cards = null);

/// <summary>A card with a title, text and an optional link (routes are rendered as cards).</summary>
public sealed record ReplyCard(string Title, string Text, string? Link = null);

/// <summary>The conversation engine every channel talks to.</summary>
public interface IConversationEngine
{
    Task<IReadOnlyList<BotReply>> HandleAsync(IncomingMessage message, CancellationToken cancellationToken = default);
}
