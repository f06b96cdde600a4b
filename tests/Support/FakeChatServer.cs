using System.Collections.Concurrent;
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
}

/// <summary>
/// A loopback OpenAI-compatible chat-completions server (<c>POST /v1/chat/completions</c>, plain JSON). Each test sets
/// what it answers: a reply text, an HTTP status, a raw body, or nothing at all.
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

    /// <summary>A chat.completion as OpenAI sends it, with token usage.</summary>
    public static IResult Reply(string content) => Results.Json(new JsonObject
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
        ["usage"] = new JsonObject { ["prompt_tokens"] = 321, ["completion_tokens"] = 45, ["total_tokens"] = 366 },
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
        public async Task ExecuteAsync(HttpContext context)
        {
            try { await Task.Delay(Timeout.Infinite, context.RequestAborted); }
            catch (OperationCanceledException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
