using PetitionBot.Bot.Office.Auth;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace PetitionBot.Bot.Channels.WeChat;

public sealed record CreateSceneCodeRequest(string? SceneKey, string? Title);

public static class WeChatEndpoints
{
    /// <summary>The Official Account callback: GET for URL verification, POST for messages and events.</summary>
    public static RouteGroupBuilder MapWeChatCallback(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/wechat").ExcludeFromDescription();
        group.MapGet("/", ([FromKeyedServices(WeChatNotificationSender.ChannelName)] WeChatCallback callback, HttpRequest request) =>
            callback.Verify(request));
        group.MapPost("/", ([FromKeyedServices(WeChatNotificationSender.ChannelName)] WeChatCallback callback, HttpRequest request) =>
            callback.ReceiveAsync(request));
        return group;
    }

    /// <summary>Back-office administration of the Official Account: QR scene codes per unit and the custom menu.</summary>
    public static RouteGroupBuilder MapWeChatOffice(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/office/wechat").WithTags("WeChat");
        // The back office defines the OfficeAdmin policy; until it does, nobody unauthenticated gets in (filter below).
        if (PolicyExists(app.ServiceProvider, OfficeAuth.AdminPolicy)) group.RequireAuthorization(OfficeAuth.AdminPolicy);
        group.AddEndpointFilter(static async (context, next) =>
            context.HttpContext.User.Identity?.IsAuthenticated == true ? await next(context) : TypedResults.Unauthorized());

        group.MapGet("/qrcodes", async (WeChatSceneCodes codes, CancellationToken ct) => TypedResults.Ok(await codes.ListAsync(ct)));
        group.MapPost("/qrcodes", CreateSceneCodeAsync);
        group.MapGet("/qrcodes/{sceneKey}/image", GetImageAsync);
        group.MapGet("/qrcodes/{sceneKey}/poster", GetPosterAsync);
        group.MapGet("/menu", () => TypedResults.Ok(WeChatMenu.Default()));
        group.MapPost("/menu", PushMenuAsync);
        return group;
    }

    private static async Task<Results<Created<SceneCodeView>, Ok<SceneCodeView>, ValidationProblem, ProblemHttpResult>>
        CreateSceneCodeAsync(CreateSceneCodeRequest request, WeChatSceneCodes codes, IOptions<WeChatOptions> options,
            ILoggerFactory loggers, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (WeChatSceneCodes.CheckSceneKey(request.SceneKey) is { } keyError) errors["sceneKey"] = [keyError];
        if (string.IsNullOrWhiteSpace(request.Title) || request.Title.Trim().Length > 100)
        {
            errors["title"] = ["请填写单位名称（不超过 100 字），它会印在二维码海报上。"];
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (NotConfigured(options.Value) is { } notConfigured) return notConfigured;

        try
        {
            var (code, created) = await codes.CreateAsync(request.SceneKey!, request.Title!, ct);
            return created ? TypedResults.Created(code.ImagePath, code) : TypedResults.Ok(code);
        }
        catch (Exception ex) when (ex is WeChatApiException or HttpRequestException)
        {
            loggers.CreateLogger(typeof(WeChatEndpoints)).LogWarning(ex, "Scene code {SceneKey} not created", request.SceneKey);
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status502BadGateway, title: "微信接口调用失败");
        }
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> GetImageAsync(string sceneKey, WeChatSceneCodes codes,
        CancellationToken ct) =>
        await codes.FindAsync(sceneKey, ct) is { } code
            ? TypedResults.File(WeChatSceneCodes.RenderPng(code.Url), "image/png", $"{code.SceneKey}.png")
            : TypedResults.NotFound();

    private static async Task<Results<ContentHttpResult, NotFound>> GetPosterAsync(string sceneKey, WeChatSceneCodes codes,
        CancellationToken ct) =>
        await codes.FindAsync(sceneKey, ct) is { } code
            ? TypedResults.Content(WeChatSceneCodes.PosterHtml(code), "text/html; charset=utf-8")
            : TypedResults.NotFound();

    /// <summary>Pushes the posted menu, or the default one when the body is empty.</summary>
    private static async Task<Results<Ok<WeChatApiResult>, ProblemHttpResult>> PushMenuAsync([FromBody] JsonObject? menu,
        WeChatApi api, IOptions<WeChatOptions> options, ILoggerFactory loggers, CancellationToken ct)
    {
        if (NotConfigured(options.Value) is { } notConfigured) return notConfigured;
        try
        {
            var result = await api.CreateMenuAsync(menu ?? WeChatMenu.Default(), ct);
            return result.Ok
                ? TypedResults.Ok(result)
                : TypedResults.Problem($"微信返回 {result}", statusCode: StatusCodes.Status502BadGateway, title: "菜单发布失败");
        }
        catch (Exception ex) when (ex is WeChatApiException or HttpRequestException)
        {
            loggers.CreateLogger(typeof(WeChatEndpoints)).LogWarning(ex, "Menu not pushed");
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status502BadGateway, title: "微信接口调用失败");
        }
    }

    private static ProblemHttpResult? NotConfigured(WeChatOptions o) =>
        o.Enabled && !string.IsNullOrWhiteSpace(o.AppId) && !string.IsNullOrWhiteSpace(o.AppSecret)
            ? null
            : TypedResults.Problem("请先配置 WeChat:Token、WeChat:AppId 和 WeChat:AppSecret。",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "公众号未配置");

    private static bool PolicyExists(IServiceProvider services, string name) =>
        services.GetService<IAuthorizationPolicyProvider>() is { } provider
        && provider.GetPolicyAsync(name).GetAwaiter().GetResult() is not null;
}
