namespace PetitionBot.Bot.Conversation;

/// <summary>A channel-neutral message from a citizen. Channels build it; the engine never sees a wire format.</summary>
/// <param name="Channel">"web", "wechat", "wecom", "botframework", "directline" …</param>
/// <param name="UserId">Stable id of the user within the channel (OpenID, Bot Framework from.id …).</param>
/// <param name="Text">The text typed or recognised from voice; null for pure events.</param>
/// <param name="DeliveryId">The channel's id of this delivery (MsgId, activity id), used to make retries harmless.</param>
/// <param name="DeliveryClaimed">
/// The channel claimed <paramref name="DeliveryId"/> through ProcessedDeliveries, in the scope the engine runs in, before
/// handing the message over (WeChat, which must answer within 5 seconds and so keeps retries away from a slow turn): the
/// turn's save completes that claim with the replies, in the same transaction, instead of adding the delivery.
/// </param>
public sealed record IncomingMessage(
    string Channel,
    string UserId,
    string? Text,
    IReadOnlyList<MessageAttachment>? Attachments = null,
    ChannelEvent? Event = null,
    string? DeliveryId = null,
    bool DeliveryClaimed = false);

/// <summary>A photo or file the citizen sent (WeChat MediaId/PicUrl, Bot Framework contentUrl).</summary>
public sealed record MessageAttachment(string Kind, string? Url, string? MediaId = null, string? Name = null);

/// <summary>A non-text event: <paramref name="Kind"/> is one of <see cref="ChannelEventKinds"/>.</summary>
public sealed record ChannelEvent(string Kind, string? Key = null);

/// <summary>The events the engine understands; channels translate their own events into these.</summary>
public static class ChannelEventKinds
{
    /// <summary>Followed the account; Key = the QR scene (a unit code) when followed by scanning one.</summary>
    public const string Subscribe = "subscribe";
    /// <summary>Scanned a QR code while already following; Key = the scene.</summary>
    public const string Scan = "scan";
    /// <summary>Clicked a menu item; Key = one of <see cref="MenuIntents"/>.</summary>
    public const string Menu = "menu";
    /// <summary>Shared a place; Key = its label.</summary>
    public const string Location = "location";
    /// <summary>Unfollowed: the conversation is forgotten.</summary>
    public const string Unsubscribe = "unsubscribe";
    /// <summary>Opened the chat (Bot Framework membersAdded, Direct Line start, WeCom enter_agent).</summary>
    public const string Welcome = "welcome";
}

/// <summary>The keys channel menus send with a <see cref="ChannelEventKinds.Menu"/> event, one per service of the main menu.</summary>
public static class MenuIntents
{
    public const string Consult = "consult"; // 法规咨询
    public const string Route = "route";     // 我该走什么途径
    public const string File = "file";       // 我要反映问题
    public const string Status = "status";   // 查询办理进度
    public const string Rate = "rate";       // 评价
    public const string Handoff = "handoff"; // 转人工: taken by the hand-off desk before the engine, so not in the main menu
    public const string Visit = "visit";     // 领导接访日 / 走访预约: a service of its own, not in the five-item main menu

    /// <summary>In the order of the engine's main menu.</summary>
    public static readonly IReadOnlyList<string> All = [Consult, Route, File, Status, Rate];

    /// <summary>The main-menu position of a key; "ask" is what the default WeChat menu sent before these constants, and
    /// menus already published to WeChat keep sending it until they are published again.</summary>
    public static int? IndexOf(string? key)
    {
        var k = key?.Trim().ToLowerInvariant();
        if (k == "ask") return 0;
        for (var i = 0; i < All.Count; i++)
            if (All[i] == k) return i;
        return null;
    }
}

/// <summary>One reply bubble: text, optional quick-reply choices and cards.</summary>
public sealed record BotReply(string Text, IReadOnlyList<string>? Choices = null, IReadOnlyList<ReplyCard>? Cards = null);

/// <summary>A card with a title, text and an optional link (routes are rendered as cards).</summary>
public sealed record ReplyCard(string Title, string Text, string? Link = null);

/// <summary>The conversation engine every channel talks to.</summary>
/// <remarks>
/// When a turn fails, the engine (or, when the engine could not be reached, the channel) answers with <see cref="Apology"/>:
/// nothing of the failed turn was saved, so sending the message again is always safe.
/// </remarks>
public interface IConversationEngine
{
    const string Apology = "抱歉，系统暂时出了点问题，您已填写的内容没有丢失。请稍后再发一次。";

    Task<IReadOnlyList<BotReply>> HandleAsync(IncomingMessage message, CancellationToken cancellationToken = default);
}
