extern alias bot;
using System.Collections.Concurrent;
using bot::PetitionBot.Bot.Llm;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PetitionBot.Knowledge;
using PetitionBot.Knowledge.Answers;
using PetitionBot.Knowledge.Evaluation;

namespace PetitionBot.Indexer.Commands;

/// <summary>What the model did over one gold set.</summary>
/// <param name="Questions">Distinct questions put to the grounded path.</param>
/// <param name="Used">Answers that are the model's reply (<c>generatedBy</c> llm).</param>
/// <param name="Fallbacks">Why the other answers stayed extractive, by reason, most frequent first.</param>
internal sealed record LlmSetFigures(
    int Questions,
    int Used,
    long Calls,
    long Failures,
    long Skipped,
    long PromptTokens,
    long CompletionTokens,
    double? MeanMs,
    IReadOnlyList<KeyValuePair<string, int>> Fallbacks)
{
    public double UsedShare => Questions == 0 ? 0 : (double)Used / Questions;
}

/// <summary>
/// Puts every gold question through the bot's own <see cref="GroundedAnswers"/> (the same client, grounding check and
/// fallbacks as <c>/api/ask</c>), so the figures measured here are those a citizen would get from the configured model.
/// </summary>
internal sealed class LlmEval : IDisposable
{
    // The item whose answer is being made, for the log events the bot's Llm classes write on its behalf (AsyncLocal
    // follows the awaits into LlmClient, so items evaluated in parallel keep their reasons apart).
    private static readonly AsyncLocal<ItemTrace?> Current = new();

    private readonly LlmUsage _usage = new();
    private readonly ILoggerFactory _logs;
    private readonly LlmClient _client;
    private readonly GroundedAnswers _grounded;
    private readonly KnowledgeBase _knowledge;
    private readonly int _parallel;

    public LlmEval(LlmOptions options, KnowledgeBase knowledge, int parallel)
    {
        var time = TimeProvider.System;
        _knowledge = knowledge;
        _parallel = Math.Max(1, parallel);
        _logs = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new TraceProvider()));
        _client = new LlmClient(Options.Create(options), new LlmCircuitBreaker(time), _usage, time, _logs.CreateLogger<LlmClient>());
        _grounded = new GroundedAnswers(_client, knowledge, time, _logs.CreateLogger<GroundedAnswers>());
    }

    /// <summary>The flags' errors in the bot's own words (they name Llm:* keys; the flags are listed beside them), or none.</summary>
    public static IReadOnlyList<string> Validate(LlmOptions options)
    {
        if (options.ProviderKind == LlmProvider.None)
            return ["--provider 须为 OpenAI（任何兼容 OpenAI 的服务，如 Ollama、vLLM）或 AzureOpenAI。"];
        var result = new LlmOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures ?? []] : [];
    }

    /// <summary>The answer given to each distinct question, and what the model did meanwhile.</summary>
    public async Task<(IReadOnlyDictionary<string, AskResult> Answers, LlmSetFigures Figures)> RunAsync(IReadOnlyList<GoldItem> items)
    {
        var before = _usage.Figures();
        var answers = new ConcurrentDictionary<string, AskResult>();
        var fallbacks = new ConcurrentDictionary<string, int>();
        var questions = items.Select(i => i.Question).Distinct().ToList();
        // Sequential by default: a model server on one GPU answers one request at a time, and queued calls would time out.
        await Parallel.ForEachAsync(questions, new ParallelOptions { MaxDegreeOfParallelism = _parallel }, async (question, ct) =>
        {
            var trace = new ItemTrace();
            Current.Value = trace;
            var answer = await _grounded.ImproveAsync(question, _knowledge.Ask(question), ct);
            answers[question] = answer;
            if (answer.GeneratedBy != AnswerSources.Llm) fallbacks.AddOrUpdate(trace.Explain(), 1, (_, n) => n + 1);
        });
        var after = _usage.Figures();
        long made = after.Used + after.Failed - before.Used - before.Failed;
        double Total(LlmUsageFigures f) => (f.AverageMs ?? 0) * (f.Used + f.Failed);
        var figures = new LlmSetFigures(
            questions.Count,
            answers.Values.Count(a => a.GeneratedBy == AnswerSources.Llm),
            made,
            after.Failed - before.Failed,
            after.Skipped - before.Skipped,
            after.PromptTokens - before.PromptTokens,
            after.CompletionTokens - before.CompletionTokens,
            made == 0 ? null : (Total(after) - Total(before)) / made,
            [.. fallbacks.OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal)]);
        return (answers, figures);
    }

    public void Dispose()
    {
        _client.Dispose();
        _logs.Dispose();
    }

    /// <summary>The last thing the bot's Llm classes logged for one question, read from their log events.</summary>
    private sealed class ItemTrace
    {
        public int Calls;
        public bool Rewritten;
        public string? Reason;

        public string Explain() => Reason
            ?? (Rewritten ? "改写后检索仍无可依据的条文（或时间已用尽）"
                : Calls > 0 ? "改写无可用结果（无关或格式不对）"
                : "未调用模型：拒答、转介或无可依据的条文");
    }

    /// <summary>
    /// Turns the log events of <see cref="LlmClient"/> and <see cref="GroundedAnswers"/> into reasons, by event name
    /// (the source-generated method names) and their Reason field; no message text is kept.
    /// </summary>
    private sealed class TraceProvider : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (Current.Value is not { } trace) return;
            var reason = state is IReadOnlyList<KeyValuePair<string, object?>> fields
                ? fields.FirstOrDefault(f => f.Key == "Reason").Value?.ToString()
                : null;
            switch (eventId.Name)
            {
                case "LogCall":
                    trace.Calls++;
                    break;
                case "LogFailed":
                    trace.Calls++;
                    trace.Reason = $"模型无可用回复：{reason}";
                    break;
                case "LogSkipped":
                    trace.Reason = "断路器打开，未调用";
                    break;
                case "LogRejected":
                    trace.Reason = $"核验未通过：{reason}";
                    break;
                case "LogRewritten":
                    trace.Rewritten = true;
                    break;
            }
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public void Dispose() { }
    }
}
