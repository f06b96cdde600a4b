namespace PetitionBot.Bot.Llm;

/// <summary>
/// Stops calling a model that keeps failing: after <see cref="Threshold"/> failures in a row no call is made for
/// <see cref="Pause"/>, so citizens do not each wait out the time-out of a server that is down.
/// </summary>
public sealed class LlmCircuitBreaker(TimeProvider time)
{
    public const int Threshold = 3;
    public static readonly TimeSpan Pause = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private int _failures;
    private DateTimeOffset _openUntil = DateTimeOffset.MinValue;

    /// <summary>False while the breaker is open; after the pause calls are tried again.</summary>
    public bool AllowsCall
    {
        get
        {
            lock (_lock) return time.GetUtcNow() >= _openUntil;
        }
    }

    public void Succeeded()
    {
        lock (_lock) (_failures, _openUntil) = (0, DateTimeOffset.MinValue);
    }

    /// <summary>Counts a failure; true when it opened the breaker.</summary>
    public bool Failed()
    {
        lock (_lock)
        {
            // A failed trial call after the pause opens it again at once.
            if (++_failures < Threshold) return false;
            _openUntil = time.GetUtcNow() + Pause;
            return true;
        }
    }
}
