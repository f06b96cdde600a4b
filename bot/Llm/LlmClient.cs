using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.AzureOpenAI;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;

namespace PetitionBot.Bot.Llm;

/// <summary>
/// One chat-completions call through Semantic Kernel, bounded by <see cref="LlmOptions.Timeout"/>: any failure
/// (time-out, HTTP error, 429, an unreadable reply, an open circuit breaker) gives null, never an exception, so the
/// caller keeps its extractive answer.
/// </summary>
public sealed partial class LlmClient : IDisposable
{
    private readonly LlmOptions _options;
    private readonly LlmCircuitBreaker _breaker;
    private readonly LlmUsage _usage;
    private readonly TimeProvider _time;
    private readonly ILogger<LlmClient> _logger;
    private readonly HttpClient? _http;
    private readonly IChatCompletionService? _chat;

    public LlmClient(IOptions<LlmOptions> options, LlmCircuitBreaker breaker, LlmUsage usage, TimeProvider time, ILogger<LlmClient> logger)
    {
        _options = options.Value;
        _breaker = breaker;
        _usage = usage;
        _time = time;
        _logger = logger;
        if (!_options.Enabled) return;
        // No retries and no client time-out of its own: the one budget is Llm:Timeout, enforced per call below.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        // No retries (a retry after a 429 would outlast the budget) and our own HttpClient, whose pipeline the SDK uses as is.
        var transport = new HttpClientPipelineTransport(_http);
        var noRetry = new ClientRetryPolicy(maxRetries: 0);
        if (_options.ProviderKind == LlmProvider.AzureOpenAI)
        {
            var client = new AzureOpenAIClient(new Uri(_options.Endpoint!), new ApiKeyCredential(_options.ApiKey!),
                new AzureOpenAIClientOptions { Transport = transport, RetryPolicy = noRetry });
            _chat = new AzureOpenAIChatCompletionService(_options.Model!, client);
        }
        else
        {
            // Requests go to {Endpoint}/chat/completions. Local servers (Ollama, vLLM) take any key; the client insists on one.
            var client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrWhiteSpace(_options.ApiKey) ? "none" : _options.ApiKey),
                new OpenAIClientOptions { Endpoint = new Uri(_options.Endpoint!), Transport = transport, RetryPolicy = noRetry });
            _chat = new OpenAIChatCompletionService(_options.Model!, client);
        }
    }

    public bool Enabled => _chat is not null;

    public TimeSpan Timeout => _options.Timeout;

    /// <summary>The model's reply text, or null when there is none to use.</summary>
    /// <param name="purpose">What the call is for, for the log (e.g. <c>rewrite</c>).</param>
    /// <param name="system">Our instructions; never anything a citizen typed.</param>
    /// <param name="user">The data: retrieved passages and the citizen's (masked) text.</param>
    /// <param name="json">Ask for a JSON object (<c>response_format: json_object</c>); the caller still parses it strictly.</param>
    /// <param name="within">A shorter bound than Llm:Timeout, for a call that shares the budget with another.</param>
    public Task<string?> CompleteAsync(string purpose, string system, string user, CancellationToken cancellationToken, bool json = false,
        TimeSpan? within = null) =>
        CallAsync(purpose, within, cancellationToken, async (chat, history, settings, token) =>
        {
            // json_object rather than json_schema: DeepSeek, older vLLM and Ollama builds accept only the former.
            settings.ResponseFormat = json ? "json_object" : null;
            // WaitAsync: the answer goes out on time even if the connector does not honour the token promptly.
            var reply = await chat.GetChatMessageContentAsync(history, settings, kernel: null, token).WaitAsync(token);
            var (prompt, completion) = Usage(reply.Metadata);
            return (reply.Content, prompt, completion);
        }, system, user);

    /// <summary>
    /// The model's reply requested as a stream (<c>"stream": true</c>), read until it ends or until
    /// <paramref name="keepReading"/> says no for the text so far; then the text so far is returned for the caller's
    /// full check, and the request is cancelled. A stream that stalls or breaks before its end gives null: a reply is
    /// used whole or not at all.
    /// </summary>
    public Task<string?> StreamAsync(string purpose, string system, string user, Func<string, bool> keepReading,
        CancellationToken cancellationToken, TimeSpan? within = null) =>
        CallAsync(purpose, within, cancellationToken, async (chat, history, settings, token) =>
        {
            var text = new System.Text.StringBuilder();
            (int? Prompt, int? Completion) usage = (null, null);
            var chunks = chat.GetStreamingChatMessageContentsAsync(history, settings, kernel: null, token).GetAsyncEnumerator(token);
            var pending = false;
            try
            {
                while (true)
                {
                    // WaitAsync on each chunk, as above: a server that stalls mid-stream costs no more than the budget.
                    var next = chunks.MoveNextAsync().AsTask();
                    pending = true;
                    if (!await next.WaitAsync(token)) break;
                    pending = false;
                    var chunk = chunks.Current;
                    if (Usage(chunk.Metadata) is { Prompt: not null } u) usage = u;
                    if (string.IsNullOrEmpty(chunk.Content)) continue;
                    text.Append(chunk.Content);
                    if (!keepReading(text.ToString()))
                    {
                        LogStoppedReading(purpose, text.Length);
                        break;
                    }
                }
                pending = false;
            }
            finally
            {
                // Disposing closes the response; a read still pending after a time-out is left to the cancelled token.
                if (!pending) await chunks.DisposeAsync();
            }
            return (text.ToString(), usage.Prompt, usage.Completion);
        }, system, user);

    private delegate Task<(string? Text, int? Prompt, int? Completion)> Call(
        IChatCompletionService chat, ChatHistory history, OpenAIPromptExecutionSettings settings, CancellationToken token);

    /// <summary>One request within the budget: the circuit breaker, the time-out, usage counting and logging, and every failure turned into null.</summary>
    private async Task<string?> CallAsync(string purpose, TimeSpan? within, CancellationToken cancellationToken, Call call, string system, string user)
    {
        if (_chat is null) return null;
        if (!_breaker.AllowsCall)
        {
            _usage.Skipped();
            LogSkipped(purpose);
            return null;
        }
        using var timeout = new CancellationTokenSource(within is { } w && w < _options.Timeout ? w : _options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = _time.GetTimestamp();
        try
        {
            var history = new ChatHistory();
            history.AddSystemMessage(system);
            history.AddUserMessage(user);
            var settings = new OpenAIPromptExecutionSettings { Temperature = 0, MaxTokens = MaxReplyTokens };
            var (text, prompt, completion) = await call(_chat, history, settings, linked.Token);
            if (string.IsNullOrWhiteSpace(text))
            {
                Fail(purpose, "empty reply", started);
                return null;
            }
            _breaker.Succeeded();
            var elapsed = _time.GetElapsedTime(started).TotalMilliseconds;
            _usage.Answered(elapsed, prompt, completion);
            LogCall(purpose, elapsed, prompt, completion);
            return text;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Fail(purpose, "time-out", started);
        }
        catch (HttpOperationException ex)
        {
            Fail(purpose, ex.StatusCode is { } status ? $"HTTP {(int)status}" : "connection failed", started);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A reply the connector cannot read (malformed JSON, a broken chunk, wrong shape) lands here.
            Fail(purpose, ex.GetType().Name, started);
        }
        return null;
    }

    private const int MaxReplyTokens = 800;

    private void Fail(string purpose, string reason, long started)
    {
        var opened = _breaker.Failed();
        var elapsed = _time.GetElapsedTime(started).TotalMilliseconds;
        _usage.Failed(elapsed);
        LogFailed(purpose, reason, elapsed);
        if (opened) LogOpened(LlmCircuitBreaker.Threshold, LlmCircuitBreaker.Pause.TotalSeconds);
    }

    private static (int? Prompt, int? Completion) Usage(IReadOnlyDictionary<string, object?>? metadata) =>
        metadata?.TryGetValue("Usage", out var usage) == true && usage is OpenAI.Chat.ChatTokenUsage u
            ? (u.InputTokenCount, u.OutputTokenCount)
            : (null, null);

    [LoggerMessage(Level = LogLevel.Information, Message = "Llm {Purpose}: answered in {ElapsedMs:0} ms, {PromptTokens} prompt + {CompletionTokens} completion tokens")]
    private partial void LogCall(string purpose, double elapsedMs, int? promptTokens, int? completionTokens);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Llm {Purpose}: no usable reply ({Reason}) after {ElapsedMs:0} ms; the extractive answer is used")]
    private partial void LogFailed(string purpose, string reason, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Llm: {Failures} failures in a row; no calls for {PauseSeconds} s")]
    private partial void LogOpened(int failures, double pauseSeconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Llm {Purpose}: stopped reading the stream after {Chars} characters, the reply cannot pass its check")]
    private partial void LogStoppedReading(string purpose, int chars);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Llm {Purpose}: skipped, circuit breaker open")]
    private partial void LogSkipped(string purpose);

    public void Dispose() => _http?.Dispose();
}
