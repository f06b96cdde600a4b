using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Hosting;

namespace PetitionBot.Bot.Channels.Web.DirectLine;

/// <summary>The answer to tokens/generate, tokens/refresh and conversations, as the Direct Line 3.0 service gives it.</summary>
public sealed record DirectLineConversationInfo(
    string ConversationId, string Token, [property: JsonPropertyName("expires_in")] int ExpiresIn);

public sealed record DirectLineActivitySet(IReadOnlyList<JsonObject> Activities, string? Watermark);

public sealed record DirectLineResourceResponse(string Id);

public static class DirectLineEndpoints
{
    public const string BasePath = "/v3/directline";
    /// <summary>A message activity of 4000 characters with Web Chat's channelData and entities fits many times over.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// The Direct Line 3.0 REST API the official Web Chat (botframework-directlinejs, polling) needs, served by the bot
    /// itself: tokens/generate needs no secret and is rate limited; everything else needs a token bound to its conversation.
    /// </summary>
    public static RouteGroupBuilder MapDirectLine(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(BasePath).WithTags("DirectLine").WithBodyLimit(MaxBodyBytes);
        group.MapPost("/tokens/generate", GenerateAsync).AddEndpointFilter<TokenRateLimitFilter>();

        var withToken = group.MapGroup("").AddEndpointFilter<DirectLineTokenFilter>();
        withToken.MapPost("/tokens/refresh", RefreshAsync);
        withToken.MapPost("/conversations", StartAsync);
        withToken.MapGet("/conversations/{conversationId}", ReconnectAsync);
        withToken.MapGet("/conversations/{conversationId}/activities", GetActivitiesAsync);
        withToken.MapPost("/conversations/{conversationId}/activities", PostActivityAsync).AddEndpointFilter<ActivityRateLimitFilter>();
        return group;
    }

    internal static async Task<Ok<DirectLineConversationInfo>> GenerateAsync(
        DirectLineStore store, DirectLineTokens tokens, CancellationToken cancellationToken)
    {
        var conversation = await store.StartConversationAsync(NewId(), "dl_" + NewId(), cancellationToken);
        var (token, expiresIn) = await tokens.IssueAsync(conversation.Id, conversation.UserId, cancellationToken);
        return TypedResults.Ok(new DirectLineConversationInfo(conversation.Id, token, expiresIn));
    }

    internal static async Task<Results<Ok<DirectLineConversationInfo>, NotFound>> RefreshAsync(
        HttpContext context, DirectLineStore store, DirectLineTokens tokens, CancellationToken cancellationToken)
    {
        var ticket = DirectLineTokenFilter.TicketOf(context);
        if (await store.FindConversationAsync(ticket.ConversationId, cancellationToken) is null) return TypedResults.NotFound();
        var (token, expiresIn) = await tokens.IssueAsync(ticket.ConversationId, ticket.UserId, cancellationToken);
        return TypedResults.Ok(new DirectLineConversationInfo(ticket.ConversationId, token, expiresIn));
    }

    /// <summary>Starts the token's conversation (the only one it may start) and greets the user the first time.</summary>
    internal static async Task<Results<Created<DirectLineConversationInfo>, NotFound>> StartAsync(
        HttpContext context, DirectLineStore store, DirectLineBot bot, TimeProvider time, CancellationToken cancellationToken)
    {
        var ticket = DirectLineTokenFilter.TicketOf(context);
        if (await store.FindConversationAsync(ticket.ConversationId, cancellationToken) is null) return TypedResults.NotFound();
        await bot.WelcomeAsync(ticket, cancellationToken);
        return TypedResults.Created($"{BasePath}/conversations/{ticket.ConversationId}", InfoOf(context, ticket, time));
    }

    internal static async Task<Results<Ok<DirectLineConversationInfo>, NotFound>> ReconnectAsync(
        string conversationId, HttpContext context, DirectLineStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var ticket = DirectLineTokenFilter.TicketOf(context);
        if (await store.FindConversationAsync(conversationId, cancellationToken) is null) return TypedResults.NotFound();
        return TypedResults.Ok(InfoOf(context, ticket, time));
    }

    internal static async Task<Results<Ok<DirectLineActivitySet>, NotFound>> GetActivitiesAsync(
        string conversationId, string? watermark, DirectLineStore store, CancellationToken cancellationToken)
    {
        if (await store.FindConversationAsync(conversationId, cancellationToken) is null) return TypedResults.NotFound();
        var (activities, next) = await store.ReadAsync(conversationId, watermark, cancellationToken);
        return TypedResults.Ok(new DirectLineActivitySet(activities, next));
    }

    internal static async Task<Results<Ok<DirectLineResourceResponse>, BadRequest<string>, NotFound>> PostActivityAsync(
        string conversationId, HttpContext context, DirectLineStore store, DirectLineBot bot, CancellationToken cancellationToken)
    {
        var ticket = DirectLineTokenFilter.TicketOf(context);
        // Checked whole before anything is stored: a bad activity is refused, never kept half-read.
        var (activity, problem) = await ActivityValidation.ReadAsync(context.Request.Body, cancellationToken);
        if (activity is null) return TypedResults.BadRequest(problem ?? "请求体应为带 type 的活动 (activity)。");
        if (await store.FindConversationAsync(conversationId, cancellationToken) is null) return TypedResults.NotFound();

        var id = await bot.ReceiveAsync(ticket, activity, cancellationToken);
        return TypedResults.Ok(new DirectLineResourceResponse(id));
    }

    private static DirectLineConversationInfo InfoOf(HttpContext context, DirectLineTicket ticket, TimeProvider time) => new(
        ticket.ConversationId,
        DirectLineTokenFilter.TokenOf(context),
        (int)Math.Max(0, (ticket.Expires - time.GetUtcNow()).TotalSeconds));

    private static string NewId() => Base64Url(RandomNumberGenerator.GetBytes(16));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// Lets a request through only with a valid token for the conversation in the route: forged → 401, expired or for
/// another conversation → 403 (Direct Line clients refresh or give up on 403).
/// </summary>
internal sealed class DirectLineTokenFilter(DirectLineTokens tokens) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var (check, ticket) = await tokens.CheckAsync(http.Request.Headers.Authorization, http.RequestAborted);
        if (check == TokenCheck.Invalid || ticket is null) return TypedResults.Unauthorized();
        if (check == TokenCheck.Expired) return TypedResults.Problem("令牌已过期，请刷新页面。", statusCode: StatusCodes.Status403Forbidden);
        if (http.GetRouteValue("conversationId") is string conversationId && conversationId != ticket.ConversationId)
        {
            return TypedResults.Problem("此令牌不属于该会话。", statusCode: StatusCodes.Status403Forbidden);
        }

        http.Items[typeof(DirectLineTicket)] = ticket;
        return await next(context);
    }

    public static DirectLineTicket TicketOf(HttpContext context) =>
        context.Items[typeof(DirectLineTicket)] as DirectLineTicket
        ?? throw new InvalidOperationException("DirectLineTokenFilter must run before this endpoint.");

    public static string TokenOf(HttpContext context) =>
        context.Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
}

/// <summary>
/// tokens/generate is open to anyone (the page has no secret), so each client address gets a small token bucket:
/// a few calls a minute are fine, bursts get 429 with Retry-After.
/// </summary>
internal sealed class TokenRateLimitFilter(DirectLineRateLimiter limiter) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var client = context.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        using var lease = limiter.Buckets.AttemptAcquire(client);
        if (!lease.IsAcquired)
        {
            context.HttpContext.Response.Headers.RetryAfter = "60";
            return TypedResults.Problem("请求过于频繁，请稍后再试。", statusCode: StatusCodes.Status429TooManyRequests);
        }
        return await next(context);
    }
}

/// <summary>Activities posted per client address and minute, whatever the conversation: a flood fills neither memory nor the database.</summary>
internal sealed class ActivityRateLimitFilter(DirectLineRateLimiter limiter) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var client = context.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        using var lease = limiter.Activities.AttemptAcquire(client);
        if (!lease.IsAcquired)
        {
            context.HttpContext.Response.Headers.RetryAfter = "60";
            return TypedResults.Problem("消息发送太频繁，请稍后再试。", statusCode: StatusCodes.Status429TooManyRequests);
        }
        return await next(context);
    }
}

/// <summary>The token buckets per client address, alive as long as the app (filters are made per request).</summary>
internal sealed class DirectLineRateLimiter(IOptions<DirectLineOptions> options) : IDisposable
{
    public PartitionedRateLimiter<string> Activities { get; } = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.ActivitiesPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public PartitionedRateLimiter<string> Buckets { get; } = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.TokenBurst,
            TokensPerPeriod = options.Value.TokensPerMinute,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public void Dispose()
    {
        Buckets.Dispose();
        Activities.Dispose();
    }
}
