using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>The errcode/errmsg every WeChat API answer carries (0 = ok).</summary>
public sealed record WeChatApiResult(int ErrCode, string? ErrMsg)
{
    public bool Ok => ErrCode == 0;
    public override string ToString() => $"errcode {ErrCode}: {ErrMsg}";
}

/// <summary>A permanent scene code as /cgi-bin/qrcode/create returns it.</summary>
public sealed record WeChatQrTicket(string Ticket, string Url);

public sealed class WeChatApiException(string message) : Exception(message);

/// <summary>
/// The request went out but no answer came (time-out, connection lost mid-answer): WeChat may have sent the message.
/// Repeating it could send it twice, so callers do not.
/// </summary>
public sealed class WeChatOutcomeUnknownException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// access_token kept in the database so all instances share one, refreshed five minutes before it expires.
/// One refresh at a time per instance; a token another instance refreshed meanwhile is reused.
/// </summary>
internal sealed class AccessTokenStore(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly TimeSpan RefreshEarly = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    // The last token read or stored per key: every send used to read the row again. The database stays the one shared
    // copy; a token another instance replaced is refused by the API (40001), and the rejected token sends us back there.
    private readonly ConcurrentDictionary<string, WeChatAccessToken> _known = new(StringComparer.Ordinal);

    /// <param name="key">The token's row key.</param>
    /// <param name="fetch">Gets a new token: (forceRefresh) → (token, lifetime).</param>
    /// <param name="rejected">A token the API just refused (40001/42001); it is never handed out again.</param>
    public async Task<string> GetAsync(string key, Func<bool, CancellationToken, Task<(string Token, TimeSpan Lifetime)>> fetch,
        string? rejected, CancellationToken cancellationToken)
    {
        var current = await ReadUsableAsync(key, rejected, cancellationToken);
        if (current is not null) return current;

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            current = await ReadUsableAsync(key, rejected, cancellationToken);
            if (current is not null) return current;

            var (token, lifetime) = await fetch(rejected is not null, cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
            var row = await db.Set<WeChatAccessToken>().SingleOrDefaultAsync(t => t.Key == key, cancellationToken);
            if (row is null)
            {
                db.Add(new WeChatAccessToken { Key = key, Token = token, ExpiresUtc = now + lifetime, RefreshedUtc = now });
            }
            else
            {
                row.Token = token;
                row.ExpiresUtc = now + lifetime;
                row.RefreshedUtc = now;
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another instance stored its token at the same moment; ours is valid as well.
            }
            _known[key] = new WeChatAccessToken { Key = key, Token = token, ExpiresUtc = now + lifetime, RefreshedUtc = now };
            return token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async Task<string?> ReadUsableAsync(string key, string? rejected, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue(key, out var known) && Usable(known, rejected) is { } fromMemory) return fromMemory;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        var row = await db.Set<WeChatAccessToken>().AsNoTracking().SingleOrDefaultAsync(t => t.Key == key, cancellationToken);
        if (row is null) return null;
        _known[key] = row;
        return Usable(row, rejected);
    }

    private string? Usable(WeChatAccessToken row, string? rejected) =>
        row.Token != rejected && row.ExpiresUtc - RefreshEarly > time.GetUtcNow().UtcDateTime ? row.Token : null;
}

/// <summary>
/// The Official Account server API: stable access_token, customer-service and template messages, QR scene codes
/// and the custom menu. WeChat:ApiBaseUrl lets tests point it at a loopback fake.
/// </summary>
internal sealed class WeChatApi(
    HttpClient http,
    AccessTokenStore tokens,
    IOptions<WeChatOptions> options,
    ILogger<WeChatApi> logger)
{
    /// <summary>40001 invalid credential, 42001 expired, 40014 invalid token: refresh once and retry.</summary>
    private static readonly int[] TokenErrors = [40001, 42001, 40014];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // WeChat reads the body as UTF-8 text; escaped Chinese (\uXXXX) works, but plain is easier to debug.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private WeChatOptions O => options.Value;

    public async Task<WeChatApiResult> SendCustomTextAsync(string openId, string text, CancellationToken cancellationToken) =>
        ResultOf(await PostAsync("cgi-bin/message/custom/send",
            new JsonObject { ["touser"] = openId, ["msgtype"] = "text", ["text"] = new JsonObject { ["content"] = text } },
            cancellationToken, sendsMessage: true));

    public async Task<WeChatApiResult> SendTemplateAsync(string openId, string templateId, IReadOnlyDictionary<string, string> data,
        string? url, CancellationToken cancellationToken)
    {
        var fields = new JsonObject();
        foreach (var (key, value) in data) fields[key] = new JsonObject { ["value"] = value };
        var body = new JsonObject { ["touser"] = openId, ["template_id"] = templateId, ["data"] = fields };
        if (!string.IsNullOrWhiteSpace(url)) body["url"] = url;
        return ResultOf(await PostAsync("cgi-bin/message/template/send", body, cancellationToken));
    }

    public async Task<WeChatQrTicket> CreatePermanentSceneCodeAsync(string scene, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["action_name"] = "QR_LIMIT_STR_SCENE",
            ["action_info"] = new JsonObject { ["scene"] = new JsonObject { ["scene_str"] = scene } },
        };
        var answer = await PostAsync("cgi-bin/qrcode/create", body, cancellationToken);
        var result = ResultOf(answer);
        var ticket = answer["ticket"]?.GetValue<string>();
        var url = answer["url"]?.GetValue<string>();
        if (!result.Ok || ticket is null || url is null)
        {
            throw new WeChatApiException($"二维码创建失败（{result}）");
        }
        return new WeChatQrTicket(ticket, url);
    }

    public async Task<WeChatApiResult> CreateMenuAsync(JsonObject menu, CancellationToken cancellationToken) =>
        ResultOf(await PostAsync("cgi-bin/menu/create", menu, cancellationToken));

    private async Task<JsonObject> PostAsync(string path, JsonObject body, CancellationToken cancellationToken, bool sendsMessage = false)
    {
        var token = await tokens.GetAsync(TokenKey, FetchStableTokenAsync, null, cancellationToken);
        JsonObject answer;
        try
        {
            answer = await PostJsonAsync($"{path}?access_token={Uri.EscapeDataString(token)}", body, cancellationToken);
        }
        catch (Exception ex) when (sendsMessage && !cancellationToken.IsCancellationRequested && MayHaveArrived(ex))
        {
            throw new WeChatOutcomeUnknownException($"No answer from {path} after the request was sent ({ex.GetType().Name}).", ex);
        }
        var result = ResultOf(answer);
        if (TokenErrors.Contains(result.ErrCode))
        {
            logger.LogWarning("WeChat refused the access_token on {Path} ({Result}); refreshing once", path, result);
            token = await tokens.GetAsync(TokenKey, FetchStableTokenAsync, token, cancellationToken);
            answer = await PostJsonAsync($"{path}?access_token={Uri.EscapeDataString(token)}", body, cancellationToken);
        }
        return answer;
    }

    private string TokenKey => $"wechat:{O.AppId}";

    private async Task<(string, TimeSpan)> FetchStableTokenAsync(bool force, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(O.AppId) || string.IsNullOrWhiteSpace(O.AppSecret))
        {
            throw new WeChatApiException("WeChat:AppId and WeChat:AppSecret are needed to call the WeChat API.");
        }
        var body = new JsonObject
        {
            ["grant_type"] = "client_credential",
            ["appid"] = O.AppId,
            ["secret"] = O.AppSecret,
            ["force_refresh"] = force,
        };
        var answer = await PostJsonAsync("cgi-bin/stable_token", body, cancellationToken);
        var token = answer["access_token"]?.GetValue<string>();
        if (string.IsNullOrEmpty(token))
        {
            throw new WeChatApiException($"stable_token failed ({ResultOf(answer)})");
        }
        var seconds = answer["expires_in"]?.GetValue<int>() ?? 7200;
        logger.LogInformation("WeChat access_token refreshed (force: {Force}, valid {Seconds} s)", force, seconds);
        return (token, TimeSpan.FromSeconds(seconds));
    }

    private async Task<JsonObject> PostJsonAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(path, body, Json, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken)
            ?? throw new WeChatApiException($"Empty answer from {path.Split('?')[0]}");
    }

    /// <summary>Anything but a failure to connect at all: a time-out or a broken answer may follow a request WeChat acted on.</summary>
    private static bool MayHaveArrived(Exception ex) => ex switch
    {
        TaskCanceledException => true,
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError } => false,
        HttpRequestException { StatusCode: not null } => false, // an HTTP error status: WeChat answered, and did not send
        HttpRequestException => true,
        _ => false,
    };

    private static WeChatApiResult ResultOf(JsonObject answer) =>
        new(answer["errcode"]?.GetValue<int>() ?? 0, answer["errmsg"]?.GetValue<string>());
}
