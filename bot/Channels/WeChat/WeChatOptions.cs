using Microsoft.Extensions.Options;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>
/// The Official Account (公众号) settings, section "WeChat". The channel is off (404) while Token is empty.
/// </summary>
public sealed class WeChatOptions
{
    public const string Section = "WeChat";

    /// <summary>The Token entered in 公众号后台 → 基本配置 → 服务器配置.</summary>
    public string? Token { get; set; }
    public string? AppId { get; set; }
    public string? AppSecret { get; set; }
    /// <summary>43 characters; needed for 安全模式/兼容模式.</summary>
    public string? EncodingAESKey { get; set; }
    /// <summary>
    /// The 消息加解密方式 chosen in 公众号后台. Unset: 安全模式 when an EncodingAESKey is set, else 明文模式. 兼容模式
    /// (plain bodies accepted next to encrypted ones) only when set here explicitly.
    /// </summary>
    public WeChatMode? Mode { get; set; }
    public string ApiBaseUrl { get; set; } = "https://api.weixin.qq.com";
    /// <summary>How long a passive reply may take before we answer "success" and deliver later (WeChat waits 5 s).</summary>
    public TimeSpan PassiveReplyTimeout { get; set; } = TimeSpan.FromSeconds(4);
    /// <summary>Requests whose timestamp is further off than this are refused (replays).</summary>
    public TimeSpan TimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Template message id for petition status changes; without it they go as customer-service messages.</summary>
    public string? TemplateId { get; set; }
    /// <summary>Template data key that receives the tracking number.</summary>
    public string TemplateTrackingNoField { get; set; } = "keyword1";
    /// <summary>Template data key that receives the status text.</summary>
    public string TemplateTextField { get; set; } = "keyword2";
    /// <summary>Optional link on the template message (e.g. the status page).</summary>
    public string? TemplateUrl { get; set; }
    /// <summary>
    /// How long a WeChat or WeCom user's window (send quota, the kept rest of a long answer for 「全文」) outlives their
    /// last message; the channel store's retention, beside Conversation:Retention and DirectLine:Retention.
    /// </summary>
    public TimeSpan WindowRetention { get; set; } = TimeSpan.FromDays(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(Token);

    public WeChatMode EffectiveMode => Mode ?? (string.IsNullOrEmpty(EncodingAESKey) ? WeChatMode.Plain : WeChatMode.Safe);
}

/// <summary>明文模式, 兼容模式, 安全模式.</summary>
public enum WeChatMode { Plain, Compatible, Safe }

internal sealed class WeChatOptionsValidator : IValidateOptions<WeChatOptions>
{
    public ValidateOptionsResult Validate(string? name, WeChatOptions o)
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(o.ApiBaseUrl, UriKind.Absolute, out var api) || api.Scheme is not ("http" or "https"))
        {
            errors.Add("WeChat:ApiBaseUrl must be an absolute http(s) URL, e.g. https://api.weixin.qq.com.");
        }
        if (!string.IsNullOrEmpty(o.EncodingAESKey))
        {
            if (WeChatCipher.DecodeKey(o.EncodingAESKey) is null)
            {
                errors.Add("WeChat:EncodingAESKey must be the 43-character key from 公众号后台 (Base64 of 32 bytes without '=').");
            }
            if (string.IsNullOrWhiteSpace(o.AppId))
            {
                errors.Add("WeChat:AppId is required with WeChat:EncodingAESKey: encrypted messages are bound to it.");
            }
        }
        if (o.Mode is WeChatMode.Compatible or WeChatMode.Safe && string.IsNullOrEmpty(o.EncodingAESKey))
        {
            errors.Add($"WeChat:Mode={o.Mode} needs WeChat:EncodingAESKey (the 43-character key from 公众号后台).");
        }
        if (o.Mode == WeChatMode.Plain && !string.IsNullOrEmpty(o.EncodingAESKey))
        {
            errors.Add("WeChat:Mode=Plain contradicts the WeChat:EncodingAESKey that is set: remove the key for 明文模式, " +
                       "or remove WeChat:Mode (安全模式) or set it to Compatible (兼容模式).");
        }
        if (o.PassiveReplyTimeout <= TimeSpan.Zero || o.PassiveReplyTimeout > TimeSpan.FromSeconds(4.5))
        {
            errors.Add("WeChat:PassiveReplyTimeout must be above 0 and at most 00:00:04.5 (WeChat gives up after 5 s).");
        }
        // Under two days would forget a window WeChat still counts (5 messages within 48 hours of the user's own).
        if (o.WindowRetention < TimeSpan.FromDays(2) || o.WindowRetention > TimeSpan.FromDays(3650))
        {
            errors.Add("WeChat:WindowRetention must be between 2.00:00:00 and 3650.00:00:00 (the default is 30.00:00:00).");
        }
        if (o.TimestampTolerance <= TimeSpan.Zero)
        {
            errors.Add("WeChat:TimestampTolerance must be positive (default 00:05:00).");
        }
        if (!string.IsNullOrWhiteSpace(o.TemplateId) && string.IsNullOrWhiteSpace(o.AppSecret))
        {
            errors.Add("WeChat:TemplateId is set but WeChat:AppSecret is not: template messages need an access token.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
