using PetitionBot.Bot.Conversation;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>
/// A decoded callback message: who sent it, its dedup key, and either a message for the engine or a
/// channel-level answer (unsupported message types get a polite fallback; system events just get "success").
/// </summary>
internal sealed record InboundMessage(
    string Channel,
    string DedupKey,
    string UserId,
    string AccountId,
    IncomingMessage? Message,
    string? FallbackText = null,
    bool Silent = false)
{
    /// <summary>Nothing to answer: acknowledge with "success" without touching the engine.</summary>
    public bool IsIgnored => Message is null && FallbackText is null;
}

/// <summary>Maps the callback XML of WeChat (and WeCom, which shares its shape) to channel-neutral messages.</summary>
internal static class WeChatInbound
{
    public const string UnsupportedText =
        "您好，这里能处理文字、语音、图片和位置消息。请用文字描述您的问题，或回复“帮助”查看菜单。";
    public const string UnrecognisedVoiceText = "抱歉，没能听清这段语音。请直接发送文字描述您的问题。";

    /// <summary>Null when the XML lacks the fields every message has (it is then refused with 400).</summary>
    public static InboundMessage? Map(string channel, IReadOnlyDictionary<string, string> f)
    {
        var from = Field(f, "FromUserName");
        var to = Field(f, "ToUserName");
        var msgType = Field(f, "MsgType");
        if (from is null || to is null || msgType is null) return null;

        var msgId = Field(f, "MsgId");
        // Events carry no MsgId: FromUserName + CreateTime identifies a delivery and its retries. The event and its
        // key are added so that two different clicks within one second are not taken for a retry.
        var dedupKey = msgId is not null
            ? $"{channel}:{msgId}"
            : $"{channel}:{from}:{Field(f, "CreateTime") ?? "0"}:{Field(f, "Event")}:{Field(f, "EventKey")}";
        if (dedupKey.Length > 200)
        {
            dedupKey = $"{channel}:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(dedupKey)))}";
        }

        // The processor claims the key in ProcessedDeliveries before the engine runs (a retry never reaches the engine);
        // the engine completes that claim in the turn's own save, so a message costs one write besides the claim.
        InboundMessage Engine(string? text, IReadOnlyList<MessageAttachment>? attachments = null, ChannelEvent? ev = null,
            bool silent = false) =>
            new(channel, dedupKey, from, to,
                new IncomingMessage(channel, from, text, attachments, ev, DeliveryId: dedupKey, DeliveryClaimed: true), Silent: silent);
        InboundMessage Fallback(string text) => new(channel, dedupKey, from, to, null, text);
        InboundMessage Ignore() => new(channel, dedupKey, from, to, null);

        switch (msgType.ToLowerInvariant())
        {
            case "text":
                var content = Field(f, "Content");
                return content is null ? Fallback(UnsupportedText) : Engine(content);
            case "voice":
                // Speech recognition (语音识别) must be switched on in 公众号后台 for Recognition to arrive.
                var recognition = Field(f, "Recognition");
                return recognition is null ? Fallback(UnrecognisedVoiceText) : Engine(recognition);
            case "image":
                return Engine(null, [new MessageAttachment("image", Field(f, "PicUrl"), Field(f, "MediaId"))]);
            case "location":
                // The label (e.g. "北京市朝阳区XX街道") is what a citizen would write as 问题发生地.
                var label = Field(f, "Label");
                return label is null ? Fallback(UnsupportedText) : Engine(null, ev: new ChannelEvent(ChannelEventKinds.Location, label));
            case "event":
                return MapEvent(Field(f, "Event") ?? "", Field(f, "EventKey"), Engine, Ignore);
            default:
                return Fallback(UnsupportedText);
        }
    }

    private static InboundMessage MapEvent(
        string ev, string? key,
        Func<string?, IReadOnlyList<MessageAttachment>?, ChannelEvent?, bool, InboundMessage> engine,
        Func<InboundMessage> ignore)
    {
        switch (ev.ToLowerInvariant())
        {
            case "subscribe":
                // A follow through a scene code arrives as EventKey "qrscene_{scene}".
                var scene = key is not null && key.StartsWith("qrscene_", StringComparison.Ordinal) ? key["qrscene_".Length..] : null;
                return engine(null, null, new ChannelEvent(ChannelEventKinds.Subscribe, string.IsNullOrEmpty(scene) ? null : scene), false);
            case "scan":
                return engine(null, null, new ChannelEvent(ChannelEventKinds.Scan, key), false);
            case "click":
                return key is null ? ignore() : engine(null, null, new ChannelEvent(ChannelEventKinds.Menu, key), false);
            case "unsubscribe":
                // The user can no longer read a reply; the engine only clears their state.
                return engine(null, null, new ChannelEvent(ChannelEventKinds.Unsubscribe), true);
            case "enter_agent":
                // WeCom: the grid worker opened the app.
                return engine(null, null, new ChannelEvent(ChannelEventKinds.Welcome), false);
            default:
                // LOCATION reports, VIEW clicks, template/mass-send receipts …: nothing to say.
                return ignore();
        }
    }

    private static string? Field(IReadOnlyDictionary<string, string> f, string name) =>
        f.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
