using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Notifications;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>Who WeCom says opened the app: a member's userid, or, for someone outside the organisation, only an openid.</summary>
public sealed record WeComIdentity(WeChatApiResult Result, string? UserId, bool Outsider);

/// <summary>
/// The WeCom server API for the app: gettoken, message/send (late answers, grid reminders) and auth/getuserinfo
/// (网页授权登录 of office accounts).
/// </summary>
internal sealed class WeComApi(HttpClient http, AccessTokenStore tokens, IOptions<WeComOptions> options, ILogger<WeComApi> logger)
{
    private static readonly int[] TokenErrors = [40014, 42001, 40001];
    private WeComOptions O => options.Value;

    public async Task<WeChatApiResult> SendTextAsync(string userId, string text, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["touser"] = userId,
            ["msgtype"] = "text",
            ["agentid"] = O.AgentId,
            ["text"] = new JsonObject { ["content"] = text },
        };
        var token = await tokens.GetAsync(TokenKey, FetchTokenAsync, null, cancellationToken);
        var result = await PostAsync(token, body, cancellationToken);
        if (TokenErrors.Contains(result.ErrCode))
        {
            logger.LogWarning("WeCom refused the access_token ({Result}); refreshing once", result);
            token = await tokens.GetAsync(TokenKey, FetchTokenAsync, token, cancellationToken);
            result = await PostAsync(token, body, cancellationToken);
        }
        return result;
    }

    /// <summary>GET /cgi-bin/auth/getuserinfo: the member behind a 网页授权 code (valid once, for five minutes).</summary>
    public async Task<WeComIdentity> GetUserIdentityAsync(string code, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(TokenKey, FetchTokenAsync, null, cancellationToken);
        var answer = await GetUserInfoAsync(token, code, cancellationToken);
        if (TokenErrors.Contains(answer.Result.ErrCode))
        {
            logger.LogWarning("WeCom refused the access_token ({Result}); refreshing once", answer.Result);
            token = await tokens.GetAsync(TokenKey, FetchTokenAsync, token, cancellationToken);
            answer = await GetUserInfoAsync(token, code, cancellationToken);
        }
        return answer;
    }

    private async Task<WeComIdentity> GetUserInfoAsync(string token, string code, CancellationToken cancellationToken)
    {
        var answer = await http.GetFromJsonAsync<JsonObject>(
            $"cgi-bin/auth/getuserinfo?access_token={Uri.EscapeDataString(token)}&code={Uri.EscapeDataString(code)}", cancellationToken);
        var result = new WeChatApiResult(answer?["errcode"]?.GetValue<int>() ?? 0, answer?["errmsg"]?.GetValue<string>());
        var userId = answer?["userid"]?.GetValue<string>();
        return new WeComIdentity(result, string.IsNullOrEmpty(userId) ? null : userId,
            Outsider: string.IsNullOrEmpty(userId) && answer?["openid"] is not null);
    }

    private string TokenKey => $"wecom:{O.CorpId}:{O.AgentId}";

    private async Task<WeChatApiResult> PostAsync(string token, JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"cgi-bin/message/send?access_token={Uri.EscapeDataString(token)}",
            body, cancellationToken);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return new WeChatApiResult(answer?["errcode"]?.GetValue<int>() ?? 0, answer?["errmsg"]?.GetValue<string>());
    }

    private async Task<(string, TimeSpan)> FetchTokenAsync(bool force, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(O.Secret) || O.AgentId is null)
        {
            throw new WeChatApiException("WeCom:Secret and WeCom:AgentId are needed to send WeCom messages.");
        }
        var answer = await http.GetFromJsonAsync<JsonObject>(
            $"cgi-bin/gettoken?corpid={Uri.EscapeDataString(O.CorpId!)}&corpsecret={Uri.EscapeDataString(O.Secret)}",
            cancellationToken);
        var token = answer?["access_token"]?.GetValue<string>();
        if (string.IsNullOrEmpty(token))
        {
            throw new WeChatApiException($"WeCom gettoken failed (errcode {answer?["errcode"]}: {answer?["errmsg"]})");
        }
        return (token, TimeSpan.FromSeconds(answer?["expires_in"]?.GetValue<int>() ?? 7200));
    }
}

/// <summary>Delivers outbox rows of channel "wecom" as app text messages (no 48 h window inside an organisation).</summary>
internal sealed class WeComNotificationSender(WeComApi api, IOptions<WeComOptions> options, ILogger<WeComNotificationSender> logger)
    : INotificationSender
{
    public const string ChannelName = "wecom";
    private static readonly int[] Permanent = [40003, 60111, 81013];

    public string Channel => ChannelName;

    public async Task<DeliveryResult> SendAsync(
        OutboxMessage message, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return new(DeliveryOutcome.GiveUp, "WeCom is not configured.");
        }
        try
        {
            var result = await api.SendTextAsync(message.UserId, message.Text, cancellationToken);
            if (result.Ok) return DeliveryResult.Delivered;
            logger.LogWarning("WeCom message {Id} failed with errcode {ErrCode} ({ErrMsg})", message.Id, result.ErrCode, result.ErrMsg);
            return new(Permanent.Contains(result.ErrCode)
                ? DeliveryOutcome.GiveUp
                : DeliveryOutcome.RetryLater, result.ToString());
        }
        catch (Exception ex) when (ex is HttpRequestException or WeChatApiException or TaskCanceledException
                                       && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "WeCom message {Id} not sent; will retry", message.Id);
            return new(DeliveryOutcome.RetryLater, ex.Message);
        }
    }
}
