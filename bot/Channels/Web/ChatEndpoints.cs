using PetitionBot.Bot.Conversation;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Notifications;
using PetitionBot.Bot.Hosting;

namespace PetitionBot.Bot.Channels.Web;

/// <summary>POST /api/chat {"user","text"} → {"replies":[{"text","choices":[…],"cards":[…]}]}; cards only when there are some.</summary>
public sealed record ChatRequest(string? User, string? Text);

public sealed record ChatResponse(IReadOnlyList<ChatReply> Replies);

public sealed record ChatReply(
    string Text,
    IReadOnlyList<string> Choices,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ChatCard>? Cards);

public sealed record ChatCard(
    string Title,
    string Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Link);

public static partial class ChatEndpoints
{
    public const string Channel = "web";
    /// <summary>2000 characters of text, even all escaped as \uXXXX, and a user id.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    [GeneratedRegex(@"^[A-Za-z0-9_\-:.@]{8,128}$")]
    private static partial Regex UserIdPattern();

    public static IHostApplicationBuilder AddChat(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ChatRateLimiter>();
        // /api/chat has no way to reach a citizen between requests: its notices wait for the next message.
        builder.Services.AddSingleton(new PullChannel(Channel));
        return builder;
    }

    public static RouteGroupBuilder MapChat(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/chat").WithTags("Chat").WithBodyLimit(MaxBodyBytes);
        group.MapPost("", PostAsync).AddEndpointFilter<ChatRateLimitFilter>();
        return group;
    }

    /// <param name="idempotencyKey">Optional: the same key twice gets the same replies without running the turn again.</param>
    internal static async Task<Results<Ok<ChatResponse>, ValidationProblem>> PostAsync(
        ChatRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        IConversationEngine engine,
        PendingNotices notices,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        // The web page generates a random id per browser; short or guessable ids would let one visitor read another's form.
        if (request.User is null || !UserIdPattern().IsMatch(request.User))
            errors["user"] = ["user 必须是8到128位的字母、数字或 _-:.@（建议使用随机生成的 UUID）。"];
        if (string.IsNullOrWhiteSpace(request.Text))
            errors["text"] = ["text 不能为空。"];
        else if (request.Text.Length > 2000)
            errors["text"] = ["text 最长2000个字。"];
        if (idempotencyKey is { Length: > 200 })
            errors["Idempotency-Key"] = ["Idempotency-Key 最长200个字符。"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var replies = await engine.HandleAsync(
            new IncomingMessage(Channel, request.User!, request.Text, DeliveryId: string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey),
            cancellationToken);
        // Status news queued while the citizen was away (the office's 受理、转送、答复 …) comes first, once.
        var news = await notices.TakeAsync(Channel, request.User!, cancellationToken);
        // A notice that names itself (【走访预约提醒】) keeps its own heading.
        replies = [.. news.Select(n => new BotReply(n.Text.StartsWith('【') ? n.Text : $"【办理进度通知】{n.Text}")), .. replies];
        return TypedResults.Ok(new ChatResponse(replies.Select(r => new ChatReply(
            r.Text,
            r.Choices ?? [],
            r.Cards is { Count: > 0 } cards ? cards.Select(c => new ChatCard(c.Title, c.Text, c.Link)).ToList() : null)).ToList()));
    }
}

/// <summary>
/// Limits on chat messages per user id and per client address, so one client cannot flood the engine or the database
/// (a new user id per message does not escape the address limit; status look-ups in the chat are counted here too).
/// </summary>
internal sealed class ChatRateLimiter(IOptions<ConversationOptions> options) : IDisposable
{
    public PartitionedRateLimiter<string> Limiter { get; } = PerMinute(options.Value.ChatMessagesPerMinute);

    public PartitionedRateLimiter<string> AddressLimiter { get; } = PerMinute(options.Value.ChatMessagesPerAddressPerMinute);

    private static PartitionedRateLimiter<string> PerMinute(int permits) => PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public void Dispose()
    {
        Limiter.Dispose();
        AddressLimiter.Dispose();
    }
}

internal sealed class ChatRateLimitFilter(ChatRateLimiter limiter) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.Arguments.OfType<ChatRequest>().FirstOrDefault();
        var address = context.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        using var byAddress = limiter.AddressLimiter.AttemptAcquire(address);
        using var byUser = limiter.Limiter.AttemptAcquire(request?.User ?? address);
        if (!byAddress.IsAcquired || !byUser.IsAcquired)
        {
            context.HttpContext.Response.Headers.RetryAfter = "60";
            return TypedResults.Problem("消息发送太频繁，请稍后再试。", statusCode: StatusCodes.Status429TooManyRequests);
        }
        return await next(context);
    }
}
