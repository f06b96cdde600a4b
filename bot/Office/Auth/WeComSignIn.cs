using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Channels.WeChat;

namespace PetitionBot.Bot.Office.Auth;

/// <summary>
/// 企业微信 网页授权登录 for office accounts: the app's menu opens /office/wecom/login, WeCom sends the browser back with a
/// one-time code, and the member WeCom names for it is signed in to the account bound to their userid, without a
/// password. Off (404) until WeCom:AgentId and WeCom:Secret are set as well as the callback.
/// </summary>
public static class WeComSignIn
{
    public const string LoginPath = "/office/wecom/login";
    public const string CallbackPath = "/office/wecom/callback";
    private const string StateCookie = "petitionbot.wecom.state";
    private static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);
    // Chinese as text, as on the Razor pages.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static RouteGroupBuilder MapWeComSignIn(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/office/wecom").ExcludeFromDescription().AllowAnonymous();
        group.AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<IOptions<WeComOptions>>().Value.AppEnabled
                ? await next(context)
                : TypedResults.NotFound());
        group.MapGet("/login", Start);
        group.MapGet("/callback", CallbackAsync);
        return group;
    }

    /// <summary>The address of WeCom's authorisation page, with the state this browser must bring back.</summary>
    public static string AuthorizeUrl(WeComOptions o, string redirectUri, string state) =>
        "https://open.weixin.qq.com/connect/oauth2/authorize" +
        $"?appid={Uri.EscapeDataString(o.CorpId!)}&redirect_uri={Uri.EscapeDataString(redirectUri)}" +
        $"&response_type=code&scope=snsapi_base&state={state}&agentid={o.AgentId}#wechat_redirect";

    private static RedirectHttpResult Start(HttpContext http, IOptions<WeComOptions> options)
    {
        var state = Base64Url(RandomNumberGenerator.GetBytes(24));
        // Lax, not the session's Strict: the browser comes back from open.weixin.qq.com, another site, and must bring it.
        http.Response.Cookies.Append(StateCookie, state, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            Path = "/office/wecom",
            MaxAge = StateLifetime,
        });
        var redirectUri = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{CallbackPath}";
        return TypedResults.Redirect(AuthorizeUrl(options.Value, redirectUri, state));
    }

    private static async Task<ContentHttpResult> CallbackAsync(
        string? code, string? state, HttpContext http, WeComApi api, OfficeAccounts accounts, SignInThrottle throttle,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(WeComSignIn));
        var expected = http.Request.Cookies[StateCookie];
        // One use only: a second visit of the same link starts over.
        http.Response.Cookies.Delete(StateCookie, new CookieOptions { Path = "/office/wecom" });
        if (string.IsNullOrEmpty(state) || string.IsNullOrEmpty(expected)
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(state), Encoding.ASCII.GetBytes(expected)))
        {
            logger.LogWarning("WeCom sign-in refused: the state is missing or not this browser's");
            await accounts.RecordWeComRefusalAsync("state 无效", null, ct);
            return Message(StatusCodes.Status400BadRequest, "登录链接无效",
                "这个登录链接已失效，或不是从本系统发起的。请回到企业微信工作台，重新打开本应用。");
        }
        if (string.IsNullOrEmpty(code))
        {
            await accounts.RecordWeComRefusalAsync("没有 code", null, ct);
            return Message(StatusCodes.Status400BadRequest, "未获得授权", "企业微信没有返回登录凭据。请回到企业微信工作台，重新打开本应用。");
        }
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        using var lease = throttle.Limiter.AttemptAcquire(address);
        if (!lease.IsAcquired)
        {
            http.Response.Headers.RetryAfter = "60";
            return Message(StatusCodes.Status429TooManyRequests, "登录过于频繁", "登录尝试过于频繁，请一分钟后再试。");
        }

        WeComIdentity identity;
        try
        {
            identity = await api.GetUserIdentityAsync(code, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or WeChatApiException or System.Text.Json.JsonException
                                       or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "WeCom sign-in failed: the WeCom API did not answer");
            await accounts.RecordWeComRefusalAsync("企业微信接口不可用", null, ct);
            return Message(StatusCodes.Status502BadGateway, "暂时无法登录", "暂时无法连接企业微信，请稍后再试，或使用用户名和密码登录。");
        }
        if (!identity.Result.Ok)
        {
            logger.LogWarning("WeCom sign-in refused: getuserinfo answered {Result}", identity.Result);
            await accounts.RecordWeComRefusalAsync("企业微信未确认身份", new { identity.Result.ErrCode, identity.Result.ErrMsg }, ct);
            return Message(StatusCodes.Status401Unauthorized, "身份确认失败",
                $"企业微信未能确认您的身份（错误码 {identity.Result.ErrCode}）。登录凭据只能使用一次，请回到企业微信工作台重新打开本应用。");
        }
        if (identity.UserId is not { } userId)
        {
            logger.LogWarning("WeCom sign-in refused: not a member of the organisation (outsider: {Outsider})", identity.Outsider);
            await accounts.RecordWeComRefusalAsync("非企业成员", null, ct);
            return Message(StatusCodes.Status403Forbidden, "无法登录", "只有本单位的企业微信成员才能登录信访事项办理系统。");
        }

        var user = await accounts.SignInWithWeComAsync(userId, ct);
        if (user is null)
        {
            logger.LogWarning("WeCom sign-in refused: no active office account is bound to the member");
            return Message(StatusCodes.Status403Forbidden, "无法登录",
                "您的企业微信账号还没有绑定信访事项办理系统的账户，或该账户已停用。请联系管理员在「用户管理」中绑定。");
        }
        await http.SignInAsync(OfficeAuth.Scheme, OfficeAuth.CreatePrincipal(user));
        logger.LogInformation("Office user {UserId} signed in through WeCom", user.Id);
        var home = OfficeAuth.HomeOf(user.Role);
        // A page, not a redirect: the session cookie is SameSite=Strict, and a browser sends it on a redirect chain only
        // when the chain did not start on another site (here open.weixin.qq.com). The refresh starts on our own page.
        return TypedResults.Content($"""
            <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={home}">
            <meta name="viewport" content="width=device-width, initial-scale=1"><title>登录成功</title></head>
            <body style="font-family:sans-serif;padding:2rem"><p>登录成功，正在进入……</p><p><a id="continue" href="{home}">继续</a></p></body></html>
            """, "text/html; charset=utf-8", Encoding.UTF8);
    }

    private static ContentHttpResult Message(int status, string title, string text) =>
        TypedResults.Content($"""
            <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1"><title>{Html.Encode(title)}</title></head>
            <body style="font-family:sans-serif;padding:2rem"><h1>{Html.Encode(title)}</h1>
            <p>{Html.Encode(text)}</p><p><a href="/office/login">使用用户名和密码登录</a></p></body></html>
            """, "text/html; charset=utf-8", Encoding.UTF8, status);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
