using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.WeChat;

/// <summary>One call the bot made to the fake API.</summary>
public sealed record ApiCall(string Path, string? AccessToken, JsonObject? Body);

/// <summary>
/// A loopback stand-in for api.weixin.qq.com and qyapi.weixin.qq.com, speaking their JSON: stable_token,
/// custom and template messages, QR codes, the menu, and WeCom's gettoken, message/send and auth/getuserinfo (网页授权
/// codes a test issues for a member or an outsider, each good once).
/// Tokens can be expired on demand (42001) and sends can be made to fail with a chosen errcode.
/// </summary>
public sealed class FakeWeChatApi : IAsyncDisposable
{
    public const string AppId = "wx1234567890abcdef";
    public const string AppSecret = "app-secret";
    public const string CorpId = "ww0123456789abcdef";
    public const string CorpSecret = "corp-secret";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, bool> _validTokens = new();
    private readonly ConcurrentQueue<int> _sendErrors = new();
    private readonly ConcurrentDictionary<string, JsonObject> _codes = new();
    private string? _current;
    private int _issued;

    public ConcurrentQueue<ApiCall> Calls { get; } = new();
    public int TokenLifetimeSeconds { get; set; } = 7200;
    /// <summary>Customer-service sends are taken (and recorded) at once but answered only after this long.</summary>
    public TimeSpan AnswerLate { get; set; }
    public string BaseUrl { get; }

    private FakeWeChatApi(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<FakeWeChatApi> StartAsync()
    {
        var builder = Loopback.CreateBuilder();
        var app = builder.Build();
        FakeWeChatApi? fake = null;
        app.MapPost("/cgi-bin/stable_token", async (HttpRequest r) => fake!.StableToken(await Body(r)));
        app.MapPost("/cgi-bin/message/custom/send", async (HttpRequest r) =>
        {
            var result = fake!.Send(r, await Body(r), new JsonObject());
            // The late answer ends when the caller gives up, so the fake's shutdown need not wait for it.
            if (fake.AnswerLate > TimeSpan.Zero)
            {
                try { await Task.Delay(fake.AnswerLate, r.HttpContext.RequestAborted); }
                catch (OperationCanceledException) { }
            }
            return result;
        });
        app.MapPost("/cgi-bin/message/template/send", async (HttpRequest r) => fake!.Send(r, await Body(r), new JsonObject { ["msgid"] = 1 }));
        app.MapPost("/cgi-bin/qrcode/create", async (HttpRequest r) =>
        {
            var body = await Body(r);
            var scene = body?["action_info"]?["scene"]?["scene_str"]?.GetValue<string>() ?? "";
            return fake!.Send(r, body, new JsonObject { ["ticket"] = $"TICKET-{scene}", ["url"] = $"http://weixin.qq.com/q/{scene}" });
        });
        app.MapPost("/cgi-bin/menu/create", async (HttpRequest r) => fake!.Send(r, await Body(r), new JsonObject()));
        app.MapGet("/cgi-bin/gettoken", (HttpRequest r) => fake!.WeComToken(r));
        app.MapPost("/cgi-bin/message/send", async (HttpRequest r) => fake!.Send(r, await Body(r), new JsonObject()));
        app.MapGet("/cgi-bin/auth/getuserinfo", (HttpRequest r) => fake!.GetUserInfo(r));
        var address = await Loopback.StartAsync(app);
        fake = new FakeWeChatApi(app, address);
        return fake;
    }

    /// <summary>Every token issued so far stops working (WeChat answers 42001) until a new one is fetched.</summary>
    public void ExpireTokens()
    {
        foreach (var token in _validTokens.Keys) _validTokens[token] = false;
        _current = null;
    }

    /// <summary>The next send answers with this errcode.</summary>
    public void FailNextSend(int errcode) => _sendErrors.Enqueue(errcode);

    /// <summary>A 网页授权 code WeCom would hand the browser of this member.</summary>
    public string IssueCode(string userId) => Code(new JsonObject { ["userid"] = userId, ["user_ticket"] = "TICKET-" + userId });

    /// <summary>A code for someone outside the organisation: WeCom gives only an openid for it.</summary>
    public string IssueOutsiderCode(string openId) => Code(new JsonObject { ["openid"] = openId, ["external_userid"] = "wm" + openId });

    private string Code(JsonObject identity)
    {
        var code = "CODE-" + Guid.NewGuid().ToString("N");
        _codes[code] = identity;
        return code;
    }

    public IReadOnlyList<ApiCall> CallsTo(string path) => Calls.Where(c => c.Path == path).ToList();

    private static async Task<JsonObject?> Body(HttpRequest request) =>
        request.ContentLength is 0 ? null : (JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync()) as JsonObject);

    private IResult StableToken(JsonObject? body)
    {
        Calls.Enqueue(new ApiCall("/cgi-bin/stable_token", null, body));
        if (body?["appid"]?.GetValue<string>() != AppId || body["secret"]?.GetValue<string>() != AppSecret)
        {
            return Results.Json(new JsonObject { ["errcode"] = 40125, ["errmsg"] = "invalid appsecret" });
        }
        var force = body["force_refresh"]?.GetValue<bool>() ?? false;
        return Results.Json(new JsonObject { ["access_token"] = Issue(force), ["expires_in"] = TokenLifetimeSeconds });
    }

    private IResult WeComToken(HttpRequest request)
    {
        Calls.Enqueue(new ApiCall("/cgi-bin/gettoken", null, null));
        if (request.Query["corpid"] != CorpId || request.Query["corpsecret"] != CorpSecret)
        {
            return Results.Json(new JsonObject { ["errcode"] = 40001, ["errmsg"] = "invalid credential" });
        }
        return Results.Json(new JsonObject { ["errcode"] = 0, ["access_token"] = Issue(false), ["expires_in"] = TokenLifetimeSeconds });
    }

    private IResult GetUserInfo(HttpRequest request)
    {
        string? token = request.Query["access_token"];
        Calls.Enqueue(new ApiCall("/cgi-bin/auth/getuserinfo", token, null));
        if (token is null || !_validTokens.TryGetValue(token, out var valid))
        {
            return Results.Json(new JsonObject { ["errcode"] = 40001, ["errmsg"] = "invalid credential" });
        }
        if (!valid) return Results.Json(new JsonObject { ["errcode"] = 42001, ["errmsg"] = "access_token expired" });
        // Codes work once, as WeCom's do.
        if (!_codes.TryRemove(request.Query["code"].ToString(), out var identity))
        {
            return Results.Json(new JsonObject { ["errcode"] = 40029, ["errmsg"] = "invalid code" });
        }
        var answer = new JsonObject { ["errcode"] = 0, ["errmsg"] = "ok" };
        foreach (var (key, value) in identity) answer[key] = value?.DeepClone();
        return Results.Json(answer);
    }

    private string Issue(bool force)
    {
        lock (_validTokens)
        {
            if (_current is null || force)
            {
                _current = $"TOKEN-{Interlocked.Increment(ref _issued)}";
                _validTokens[_current] = true;
            }
            return _current;
        }
    }

    private IResult Send(HttpRequest request, JsonObject? body, JsonObject ok)
    {
        string? token = request.Query["access_token"];
        Calls.Enqueue(new ApiCall(request.Path, token, body));
        if (token is null || !_validTokens.TryGetValue(token, out var valid))
        {
            return Results.Json(new JsonObject { ["errcode"] = 40001, ["errmsg"] = "invalid credential" });
        }
        if (!valid) return Results.Json(new JsonObject { ["errcode"] = 42001, ["errmsg"] = "access_token expired" });
        if (_sendErrors.TryDequeue(out var errcode))
        {
            return Results.Json(new JsonObject { ["errcode"] = errcode, ["errmsg"] = "fake failure" });
        }
        ok["errcode"] = 0;
        ok["errmsg"] = "ok";
        return Results.Json(ok);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
