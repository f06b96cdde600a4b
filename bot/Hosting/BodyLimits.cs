using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace PetitionBot.Bot.Hosting;

/// <summary>The most an endpoint reads of a request body; larger bodies get 413 before anything is parsed.</summary>
public sealed record BodyLimit(int Bytes);

/// <summary>
/// Per-endpoint body limits, applied before the endpoint reads anything: an announced Content-Length above the limit
/// is refused unread; other bodies are read into memory up to the limit (so an endpoint never holds more) and refused
/// as soon as they pass it. Endpoints without a limit of their own get <see cref="DefaultBytes"/> from the server.
/// </summary>
public static class BodyLimits
{
    /// <summary>For endpoints that name no limit (back-office forms, WeChat XML): far above what they need, far below Kestrel's 30 MB.</summary>
    public const int DefaultBytes = 1024 * 1024;

    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, int bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(bytes));

    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>();
        var bytes = limit?.Bytes ?? DefaultBytes;
        if (context.Request.ContentLength > bytes)
        {
            await TooLargeAsync(context, bytes);
            return;
        }
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false }) sizeFeature.MaxRequestBodySize = bytes;
        try
        {
            if (limit is not null && CanHaveBody(context))
            {
                var body = await ReadUpToAsync(context.Request.Body, bytes, context.RequestAborted);
                if (body is null)
                {
                    await TooLargeAsync(context, bytes);
                    return;
                }
                context.Request.Body = body;
            }
            await next(context);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            // Kestrel's own count (the server limit set above) ran out first: the same answer.
            await TooLargeAsync(context, bytes);
        }
    });

    private static bool CanHaveBody(HttpContext context) =>
        context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody
        ?? (context.Request.ContentLength > 0 || HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method));

    /// <summary>The body as a memory stream, or null once it is longer than <paramref name="limit"/>.</summary>
    private static async Task<MemoryStream?> ReadUpToAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        var copy = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (copy.Length + read > limit) return null;
                copy.Write(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        copy.Position = 0;
        return copy;
    }

    private static Task TooLargeAsync(HttpContext context, int bytes)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        // Nothing more is read: the connection is closed rather than drained.
        context.Response.Headers.Connection = "close";
        return context.Response.WriteAsJsonAsync(new
        {
            title = "请求内容过大",
            status = 413,
            detail = $"请求内容超过了 {bytes / 1024} KB 的上限，请缩短后再发送。",
        }, options: null, contentType: "application/problem+json", cancellationToken: context.RequestAborted);
    }
}
