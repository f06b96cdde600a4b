using Microsoft.Extensions.Options;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>
/// A WeCom (企业微信) self-built app, section "WeCom". The channel is off (404) until Token, CorpId and
/// EncodingAESKey are all set; WeCom callbacks are always encrypted, with the CorpId as receive id.
/// </summary>
public sealed class WeComOptions
{
    public const string Section = "WeCom";

    public string? Token { get; set; }
    public string? CorpId { get; set; }
    public string? EncodingAESKey { get; set; }
    /// <summary>The app's AgentId; needed to send late answers and reminders and for office sign-in through WeCom.</summary>
    public int? AgentId { get; set; }
    /// <summary>The app's Secret; needed with AgentId.</summary>
    public string? Secret { get; set; }
    public string ApiBaseUrl { get; set; } = "https://qyapi.weixin.qq.com";
    public TimeSpan PassiveReplyTimeout { get; set; } = TimeSpan.FromSeconds(4);
    public TimeSpan TimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);

    public bool Enabled =>
        !string.IsNullOrWhiteSpace(Token) && !string.IsNullOrWhiteSpace(CorpId) && !string.IsNullOrWhiteSpace(EncodingAESKey);

    /// <summary>
    /// The app can call the API on its own (AgentId and Secret as well): office sign-in through WeCom and the grid
    /// workers' reminders are on exactly then.
    /// </summary>
    public bool AppEnabled => Enabled && AgentId is not null && !string.IsNullOrWhiteSpace(Secret);
}

internal sealed class WeComOptionsValidator : IValidateOptions<WeComOptions>
{
    public ValidateOptionsResult Validate(string? name, WeComOptions o)
    {
        var anySet = !string.IsNullOrWhiteSpace(o.Token) || !string.IsNullOrWhiteSpace(o.CorpId)
            || !string.IsNullOrWhiteSpace(o.EncodingAESKey);
        if (!anySet) return ValidateOptionsResult.Success;

        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Token)) errors.Add("WeCom:Token is required (应用管理 → 接收消息 → Token).");
        if (string.IsNullOrWhiteSpace(o.CorpId)) errors.Add("WeCom:CorpId is required (我的企业 → 企业ID).");
        if (WeChatCipher.DecodeKey(o.EncodingAESKey) is null)
        {
            errors.Add("WeCom:EncodingAESKey must be the 43-character key from 应用管理 → 接收消息.");
        }
        if (o.AgentId is null != string.IsNullOrWhiteSpace(o.Secret))
        {
            errors.Add("WeCom:AgentId and WeCom:Secret go together (应用管理 → 应用 → AgentId / Secret): set both or neither.");
        }
        if (!Uri.TryCreate(o.ApiBaseUrl, UriKind.Absolute, out var api) || api.Scheme is not ("http" or "https"))
        {
            errors.Add("WeCom:ApiBaseUrl must be an absolute http(s) URL, e.g. https://qyapi.weixin.qq.com.");
        }
        if (o.PassiveReplyTimeout <= TimeSpan.Zero || o.PassiveReplyTimeout > TimeSpan.FromSeconds(4.5))
        {
            errors.Add("WeCom:PassiveReplyTimeout must be above 0 and at most 00:00:04.5.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
