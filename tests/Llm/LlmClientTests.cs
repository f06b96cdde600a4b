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

    private LlmClient Client(string endpoint, string provider = "OpenAI", string model = "qwen2.5:7b", string? key = null) => new(
        Options.Create(new LlmOptions { Provider = provider, Endpoint = endpoint, Model = model, ApiKey = key }),
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
}
