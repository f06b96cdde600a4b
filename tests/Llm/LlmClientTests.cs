using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Llm;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Llm;

public class LlmClientTests : IAsyncLifetime
{
    private FakeChatServer _model = null!;
    private readonly CollectingLoggerProvider _logs = new();
    private readonly LlmUsage _usage = new();

    public async Task InitializeAsync() => _model = await FakeChatServer.StartAsync();

    public async Task DisposeAsync() => await _model.DisposeAsync();

    private LlmClient Client(string endpoint, string provider = "OpenAI", string model = "qwen2.5:7b", string? key = null,
        TimeSpan? timeout = null) => new(
        Options.Create(new LlmOptions { Provider = provider, Endpoint = endpoint, Model = model, ApiKey = key, Timeout = timeout ?? TimeSpan.FromSeconds(3.5) }),
        new LlmCircuitBreaker(TimeProvider.System), _usage, TimeProvider.System,
        new Logger<LlmClient>(new LoggerFactory([_logs])));

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public async Task Requests_go_to_the_endpoint_followed_by_chat_completions(string slash)
    {
        _model.Respond = _ => FakeChatServer.Reply("好的");
        using var client = Client(_model.Endpoint + slash);
        Assert.Equal("好的", await client.CompleteAsync("answer", "系统", "用户", CancellationToken.None));
        var request = Assert.Single(_model.Requests);
        Assert.Equal(("POST", "/v1/chat/completions"), (request.Method, request.Path));
        Assert.Equal("qwen2.5:7b", (string?)request.Json["model"]);
    }

    [Fact]
    public async Task Each_call_is_logged_with_latency_and_tokens_but_no_text()
    {
        _model.Respond = _ => FakeChatServer.Reply("模型的回答内容");
        using var client = Client(_model.Endpoint);
        await client.CompleteAsync("answer", "系统提示内容", "群众的问题内容", CancellationToken.None);
        var line = Assert.Single(_logs.Messages, m => m.StartsWith("Llm answer: answered in", StringComparison.Ordinal));
        Assert.Contains("321 prompt + 45 completion tokens", line);
        Assert.DoesNotContain(_logs.Messages, m => m.Contains("模型的回答内容") || m.Contains("群众的问题内容") || m.Contains("系统提示内容"));
    }

    [Fact]
    public async Task Each_call_is_counted_for_the_dashboard_with_its_tokens()
    {
        using var client = Client(_model.Endpoint);
        _model.Respond = _ => FakeChatServer.Reply("好的");
        await client.CompleteAsync("answer", "系统", "用户", CancellationToken.None);
        _model.Respond = _ => FakeChatServer.Error(500);
        await client.CompleteAsync("answer", "系统", "用户", CancellationToken.None);

        var figures = _usage.Figures();
        Assert.Equal((1, 1, 0), (figures.Used, figures.Failed, figures.Skipped));
        Assert.Equal((321, 45), (figures.PromptTokens, figures.CompletionTokens));
        Assert.NotNull(figures.AverageMs);
    }

    [Fact]
    public async Task A_json_reply_is_asked_for_as_a_json_object()
    {
        _model.Respond = _ => FakeChatServer.Reply("{}");
        using var client = Client(_model.Endpoint);
        await client.CompleteAsync("story", "系统", "用户", CancellationToken.None, json: true);
        Assert.Equal("json_object", (string?)Assert.Single(_model.Requests).Json["response_format"]?["type"]);
    }

    [Fact]
    public async Task Azure_openai_is_called_on_the_deployment_with_its_key()
    {
        _model.Respond = _ => FakeChatServer.Reply("好的");
        using var client = Client(_model.Root + "/", provider: "AzureOpenAI", model: "gpt-4o-mini", key: "azure-key");
        Assert.Equal("好的", await client.CompleteAsync("answer", "系统", "用户", CancellationToken.None));
        var request = Assert.Single(_model.Requests);
        Assert.Equal(("POST", "/openai/deployments/gpt-4o-mini/chat/completions"), (request.Method, request.Path));
        Assert.Equal("azure-key", request.ApiKey);
    }

    private const string Streamed = "居委会收到您的意见后，应当在十五日内答复您（《示例街道议事规则》第十条）。";

    [Fact]
    public async Task A_streamed_reply_is_asked_for_as_a_stream_read_to_its_end_and_counted_with_its_tokens()
    {
        _model.Respond = _ => FakeChatServer.Reply(Streamed);
        using var client = Client(_model.Endpoint);
        Assert.Equal(Streamed, await client.StreamAsync("answer", "系统", "用户", _ => true, CancellationToken.None));
        Assert.True(Assert.Single(_model.Requests).Stream);
        var figures = _usage.Figures();
        Assert.Equal((1, 0), (figures.Used, figures.Failed));
        Assert.Equal((321, 45), (figures.PromptTokens, figures.CompletionTokens));
    }

    [Fact]
    public async Task A_stream_that_stalls_midway_gives_nothing_not_the_part_that_came()
    {
        _model.Respond = _ => FakeChatServer.StallAfter(Streamed, 12);
        using var client = Client(_model.Endpoint, timeout: TimeSpan.FromMilliseconds(500));
        Assert.Null(await client.StreamAsync("answer", "系统", "用户", _ => true, CancellationToken.None));
        Assert.Equal((0, 1), (_usage.Figures().Used, _usage.Figures().Failed));
        Assert.Contains(_logs.Messages, m => m.Contains("no usable reply (time-out)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"居委会\"")]
    [InlineData("not json at all")]
    public async Task A_broken_chunk_gives_nothing(string broken)
    {
        const string first = "{\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"居委会\"},\"finish_reason\":null}]}";
        _model.Respond = _ => FakeChatServer.RawStream(first, broken);
        using var client = Client(_model.Endpoint);
        Assert.Null(await client.StreamAsync("answer", "系统", "用户", _ => true, CancellationToken.None));
        Assert.Equal(1, _usage.Figures().Failed);
    }

    [Fact]
    public async Task Reading_stops_at_the_first_text_that_cannot_pass_without_waiting_for_the_rest()
    {
        // The server sends the beginning and then never more: only a client that stops reading gets anything back.
        _model.Respond = _ => FakeChatServer.StallAfter(Streamed, 12);
        using var client = Client(_model.Endpoint, timeout: TimeSpan.FromSeconds(30));
        var text = await client.StreamAsync("answer", "系统", "用户", soFar => !soFar.Contains("意见", StringComparison.Ordinal), CancellationToken.None);
        Assert.NotNull(text);
        Assert.StartsWith("居委会收到您的意见", text);
        Assert.Equal((1, 0), (_usage.Figures().Used, _usage.Figures().Failed));
    }
}
