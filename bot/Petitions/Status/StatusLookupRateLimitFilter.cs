using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace PetitionBot.Bot.Petitions.Status;

/// <summary>Per client address fixed-window limit on status look-ups, so four phone digits cannot be guessed quickly.</summary>
internal sealed class StatusLookupRateLimiter : IDisposable
{
    public StatusLookupRateLimiter(IOptions<PetitionsOptions> options)
    {
        var permits = options.Value.StatusLookupsPerMinute;
        Limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    public void Dispose() => Limiter.Dispose();
}

internal sealed class StatusLookupRateLimitFilter(StatusLookupRateLimiter limiter) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        using var lease = limiter.Limiter.AttemptAcquire(context.HttpContext);
        if (!lease.IsAcquired)
        {
            context.HttpContext.Response.Headers.RetryAfter = "60";
            return TypedResults.Problem("查询太频繁，请一分钟后再试。", statusCode: StatusCodes.Status429TooManyRequests);
        }
        return await next(context);
    }
}
