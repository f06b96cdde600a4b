namespace PetitionBot.Bot.Llm;

/// <summary>What the model cost since this instance started: calls, tokens and latency, never any text.</summary>
/// <param name="Used">Calls that gave a reply (the caller may still have discarded it after its checks).</param>
/// <param name="Failed">Time-outs, HTTP errors, 429s and unreadable replies.</param>
/// <param name="Skipped">Calls not made because the circuit breaker was open.</param>
public sealed record LlmUsageFigures(long Used, long Failed, long Skipped, long PromptTokens, long CompletionTokens, double? AverageMs);

/// <summary>
/// Counts every call <see cref="LlmClient"/> makes, for the office dashboard. In memory and per instance: a restart
/// starts from zero, and the log line of each call stays the record to add up across instances.
/// </summary>
public sealed class LlmUsage
{
    private long _used, _failed, _skipped, _promptTokens, _completionTokens, _elapsedMs;

    public void Answered(double elapsedMs, int? promptTokens, int? completionTokens)
    {
        Interlocked.Increment(ref _used);
        Interlocked.Add(ref _promptTokens, promptTokens ?? 0);
        Interlocked.Add(ref _completionTokens, completionTokens ?? 0);
        Interlocked.Add(ref _elapsedMs, (long)elapsedMs);
    }

    public void Failed(double elapsedMs)
    {
        Interlocked.Increment(ref _failed);
        Interlocked.Add(ref _elapsedMs, (long)elapsedMs);
    }

    public void Skipped() => Interlocked.Increment(ref _skipped);

    public LlmUsageFigures Figures()
    {
        long used = Interlocked.Read(ref _used), failed = Interlocked.Read(ref _failed);
        var made = used + failed;
        return new LlmUsageFigures(used, failed, Interlocked.Read(ref _skipped), Interlocked.Read(ref _promptTokens),
            Interlocked.Read(ref _completionTokens), made == 0 ? null : (double)Interlocked.Read(ref _elapsedMs) / made);
    }
}
