using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Notifications;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>
/// Delivers outbox rows of channel "wechat": petition status changes by template message when WeChat:TemplateId is
/// set, everything else by customer-service message, which WeChat allows only within 48 h of the user's last
/// message and at most 5 times per message.
/// </summary>
internal sealed class WeChatNotificationSender(
    WeChatApi api,
    IServiceScopeFactory scopes,
    IOptions<WeChatOptions> options,
    TimeProvider time,
    ILogger<WeChatNotificationSender> logger) : INotificationSender
{
    public const string ChannelName = "wechat";
    public static readonly TimeSpan CustomerServiceWindow = TimeSpan.FromHours(48);

    /// <summary>Errors that will not go away by retrying (window passed, quota used, user gone, bad openid).</summary>
    private static readonly int[] Permanent = [40003, 43004, 43019, 45015, 45047, 40037];

    public const string UnknownOutcome = "发送结果未知：微信接口在请求发出后未及时答复，可能已送达；为免重复不再重发。";

    public string Channel => ChannelName;

    /// <summary>
    /// Takes one of the user's five customer-service slots (template messages have no such quota), in one conditional
    /// UPDATE: two instances cannot both send the fifth message.
    /// </summary>
    public async Task<DeliveryResult?> ReserveAsync(PetitionDbContext db, OutboxMessage message, CancellationToken cancellationToken)
    {
        if (!Configured(options.Value) || UsesTemplate(message, options.Value)) return null;
        var windowStart = time.GetUtcNow().UtcDateTime - CustomerServiceWindow;
        var reserved = await db.Set<WeChatUserWindow>()
            .Where(w => w.Channel == ChannelName && w.UserId == message.UserId && w.LastInboundUtc > windowStart
                && w.SentSinceInbound < WeChatReplyText.MaxCustomerServiceMessages)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.SentSinceInbound, w => w.SentSinceInbound + 1), cancellationToken);
        if (reserved == 1) return null;
        logger.LogInformation("WeChat customer-service message {Id} abandoned: outside the 48 h window or 5 already sent", message.Id);
        return new DeliveryResult(DeliveryOutcome.GiveUp, "客服消息窗口已过（48 小时内最多 5 条）");
    }

    /// <summary>Sends the message; a customer-service message must hold a slot from <see cref="ReserveAsync"/>.</summary>
    public async Task<DeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!Configured(o))
        {
            return new DeliveryResult(DeliveryOutcome.GiveUp, "WeChat is not configured (WeChat:Token, WeChat:AppId, WeChat:AppSecret).");
        }
        try
        {
            return UsesTemplate(message, o)
                ? await SendTemplateAsync(message, o, cancellationToken)
                : await SendCustomerServiceAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or WeChatApiException or TaskCanceledException
                                       && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "WeChat {Kind} message {Id} not sent; will retry", message.Kind, message.Id);
            return new DeliveryResult(DeliveryOutcome.RetryLater, ex.Message);
        }
    }

    private static bool Configured(WeChatOptions o) => o.Enabled && !string.IsNullOrWhiteSpace(o.AppSecret);

    private static bool UsesTemplate(OutboxMessage message, WeChatOptions o) =>
        message.Kind == "status" && !string.IsNullOrWhiteSpace(o.TemplateId);

    private async Task<DeliveryResult> SendTemplateAsync(OutboxMessage message, WeChatOptions o, CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, string>
        {
            [o.TemplateTrackingNoField] = message.TrackingNo ?? "",
            [o.TemplateTextField] = message.Text,
        };
        var result = await api.SendTemplateAsync(message.UserId, o.TemplateId!, data, o.TemplateUrl, cancellationToken);
        return Outcome(message, "template", result);
    }

    private async Task<DeliveryResult> SendCustomerServiceAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        WeChatApiResult result;
        try
        {
            result = await api.SendCustomTextAsync(message.UserId, message.Text, cancellationToken);
        }
        catch (WeChatOutcomeUnknownException ex)
        {
            // Sending again could show the citizen the same text twice (18 parts of an answer, each twice); the slot
            // stays taken, and the clerks see the message among the undelivered ones.
            logger.LogWarning(ex, "WeChat customer-service message {Id}: outcome unknown, not repeated", message.Id);
            return new DeliveryResult(DeliveryOutcome.GiveUp, UnknownOutcome);
        }
        catch
        {
            await ReleaseAsync(message.UserId);
            throw;
        }
        if (!result.Ok) await ReleaseAsync(message.UserId);
        return Outcome(message, "customer-service", result);
    }

    /// <summary>Gives the slot back: the message did not go out.</summary>
    private async Task ReleaseAsync(string userId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        await db.Set<WeChatUserWindow>().Where(w => w.Channel == ChannelName && w.UserId == userId && w.SentSinceInbound > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.SentSinceInbound, w => w.SentSinceInbound - 1));
    }

    private DeliveryResult Outcome(OutboxMessage message, string how, WeChatApiResult result)
    {
        if (result.Ok) return DeliveryResult.Delivered;
        logger.LogWarning("WeChat {How} message {Id} failed with errcode {ErrCode} ({ErrMsg})",
            how, message.Id, result.ErrCode, result.ErrMsg);
        return new DeliveryResult(
            Permanent.Contains(result.ErrCode) ? DeliveryOutcome.GiveUp : DeliveryOutcome.RetryLater, result.ToString());
    }
}
