using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PetitionBot.Tests.Support;

/// <summary>One request the bot sent to the model.</summary>
public sealed record ChatRequest(string Method, string Path, string? Authorization, string? ApiKey, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body)!;
    public string System => Json["messages"]!.AsArray().First(m => (string?)m!["role"] == "system")!["content"]!.ToString();
    public string User => Json["messages"]!.AsArray().First(m => (string?)m!["role"] == "user")!["content"]!.ToString();

    /// <summary>The bot asked for the reply as server-sent events (<c>"stream": true</c>).</summary>
    public bool Stream => (bool?)Json["stream"] == true;
}

/// <summary>
/// A loopback OpenAI-compatible chat-completions server (<c>POST /v1/chat/completions</c>): a request with
/// <c>"stream": true</c> gets its reply as server-sent events, any other plain JSON. Each test sets what it answers: a
/// reply text, an HTTP status, a raw body, a stream that stalls or breaks, or nothing at all.
/// </summary>
public sealed class FakeChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentQueue<ChatRequest> Requests { get; } = new();

    /// <summary>What the next requests get.</summary>
    public Func<ChatRequest, IResult> Respond { get; set; } = _ => Reply("");

    /// <summary>The value for Llm:Endpoint: requests must arrive at {Endpoint}/chat/completions.</summary>
    public string Endpoint { get; }

    /// <summary>The server's root, as an Azure OpenAI resource endpoint.</summary>
    public string Root => Endpoint[..^"/v1".Length];

    private FakeChatServer(WebApplication app, string endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public static async Task<FakeChatServer> StartAsync()
    {
        var builder = Loopback.CreateBuilder();
        var app = builder.Build();
        FakeChatServer? fake = null;
        // Anything the bot sends is recorded, wherever it goes; only the right path is answered as a model would.
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var request = new ChatRequest(context.Request.Method, context.Request.Path, context.Request.Headers.Authorization,
                context.Request.Headers["api-key"], await reader.ReadToEndAsync());
            fake!.Requests.Enqueue(request);
            try { context.Items[StreamKey] = request.Stream; }
            catch (System.Text.Json.JsonException) { }
            // OpenAI-compatible servers under /v1, Azure OpenAI under /openai/deployments/{deployment}.
            var result = request.Method == "POST" && (request.Path == "/v1/chat/completions"
                || request.Path.StartsWith("/openai/deployments/", StringComparison.Ordinal) && request.Path.EndsWith("/chat/completions", StringComparison.Ordinal))
                ? fake.Respond(request) : Results.NotFound();
            await result.ExecuteAsync(context);
        });
        var address = await Loopback.StartAsync(app);
        fake = new FakeChatServer(app, address + "/v1");
        return fake;
    }

    /// <summary>Points a bot's settings at this server as an OpenAI-compatible model (Llm in docs/configuration.md).</summary>
    public void Configure(IDictionary<string, string?> settings)
    {
        settings["Llm:Provider"] = "OpenAI";
        settings["Llm:Endpoint"] = Endpoint;
        settings["Llm:Model"] = "test-model";
    }

    private const string StreamKey = "stream";
    private const int ChunkChars = 6;

    private static bool Streamed(HttpContext context) => context.Items[StreamKey] is true;

    /// <summary>
    /// The reply as OpenAI sends it, with token usage: one chat.completion, or, to a streaming request, chunks of a few
    /// characters each in <c>choices[0].delta.content</c>, the usage in a last chunk without choices, then <c>[DONE]</c>.
    /// </summary>
    public static IResult Reply(string content) => new ReplyResult(content, null);

    /// <summary>To a streaming request: the first <paramref name="chars"/> characters of the reply, then nothing more until the bot hangs up.</summary>
    public static IResult StallAfter(string content, int chars) => new ReplyResult(content, chars);

    /// <summary>To a streaming request: these <c>data:</c> payloads as they are (a broken chunk, say), then <c>[DONE]</c>.</summary>
    public static IResult RawStream(params string[] payloads) => new RawStreamResult(payloads);

    private sealed class ReplyResult(string content, int? stallAfter) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            if (!Streamed(context))
            {
                await Completion(content).ExecuteAsync(context);
                return;
            }
            await StartEvents(context);
            await Event(context, Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null));
            var end = stallAfter is { } n ? Math.Min(n, content.Length) : content.Length;
            for (var i = 0; i < end; i += ChunkChars)
                await Event(context, Chunk(new JsonObject { ["content"] = content[i..Math.Min(end, i + ChunkChars)] }, null));
            if (stallAfter is not null)
            {
                await HangAsync(context);
                return;
            }
            await Event(context, Chunk(new JsonObject(), "stop"));
            var usage = Chunk(null, null);
            usage["usage"] = Usage();
            await Event(context, usage.ToJsonString());
            await Event(context, "[DONE]");
        }
    }

    private sealed class RawStreamResult(string[] payloads) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            await StartEvents(context);
            foreach (var payload in payloads) await Event(context, payload);
            await Event(context, "[DONE]");
        }
    }

    private static async Task StartEvents(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync();
    }

    private static async Task Event(HttpContext context, JsonObject chunk) => await Event(context, chunk.ToJsonString());

    private static async Task Event(HttpContext context, string data)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($"data: {data}\n\n"));
        await context.Response.Body.FlushAsync();
    }

    /// <summary>A chat.completion.chunk; without a delta, one with no choices (the usage chunk).</summary>
    private static JsonObject Chunk(JsonObject? delta, string? finishReason) => new()
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1_765_000_000,
        ["model"] = "test-model",
        ["choices"] = delta is null ? new JsonArray() : new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["delta"] = delta,
            ["finish_reason"] = finishReason,
        }),
    };

    private static JsonObject Usage() => new() { ["prompt_tokens"] = 321, ["completion_tokens"] = 45, ["total_tokens"] = 366 };

    private static IResult Completion(string content) => Results.Json(new JsonObject
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion",
        ["created"] = 1_765_000_000,
        ["model"] = "test-model",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = Usage(),
    });

    /// <summary>An OpenAI-style error body with the status (429, 500 …).</summary>
    public static IResult Error(int status) => Results.Json(new JsonObject
    {
        ["error"] = new JsonObject { ["message"] = "test error", ["type"] = status == 429 ? "rate_limit_exceeded" : "server_error" },
    }, statusCode: status);

    public static IResult Raw(string body) => Results.Text(body, "application/json");

    /// <summary>Takes the request and never answers (until the bot hangs up).</summary>
    public static IResult Hang() => new HangResult();

    private sealed class HangResult : IResult
    {
        public Task ExecuteAsync(HttpContext context) => HangAsync(context);
    }

    private static async Task HangAsync(HttpContext context)
    {
        try { await Task.Delay(Timeout.Infinite, context.RequestAborted); }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
