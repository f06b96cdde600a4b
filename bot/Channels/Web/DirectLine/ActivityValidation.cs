using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PetitionBot.Bot.Channels.Activities;

namespace PetitionBot.Bot.Channels.Web.DirectLine;

/// <summary>
/// What a posted Direct Line activity must look like before it is stored or answered: valid UTF-8 JSON, an object
/// with a string type, and the fields the bot reads (text, channelData.clientActivityID, attachments) of the right kind.
/// </summary>
internal static class ActivityValidation
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<(JsonObject? Activity, string? Problem)> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        // The body is already bounded (BodyLimits); checking its bytes first keeps invalid UTF-8 from surfacing later
        // as an exception when a string is read.
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        string json;
        try
        {
            json = StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            return (null, "请求体不是有效的 UTF-8 文本。");
        }

        JsonObject? activity;
        try
        {
            activity = JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            activity = null;
        }
        if (activity is null || !IsString(activity["type"])) return (null, "请求体应为带 type 的活动 (activity)。");
        if (activity["text"] is { } text)
        {
            if (!IsString(text)) return (null, "text 应为文字。");
            if (text.GetValue<string>().Length > DirectLineBot.MaxTextLength)
                return (null, $"消息文字不能超过 {DirectLineBot.MaxTextLength} 字。");
        }
        if (activity["channelData"] is { } channelData)
        {
            if (channelData is not JsonObject data) return (null, "channelData 应为对象。");
            if (data["clientActivityID"] is { } clientId && (!IsString(clientId) || clientId.GetValue<string>().Length is 0 or > 128))
                return (null, "clientActivityID 应为不超过 128 个字符的文字。");
        }
        if (activity["attachments"] is { } attachments && attachments is not JsonArray) return (null, "attachments 应为数组。");
        if (activity["locale"] is { } locale && !IsString(locale)) return (null, "locale 应为文字。");
        return (activity, null);
    }

    private static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;
}
