namespace PetitionBot.Bot.Notifications;

/// <summary>
/// Wakes this instance's dispatcher when rows were just committed here, so the rest of a long chat answer follows its first
/// part at once instead of after up to a poll interval. Polling stays for rows from other instances and for retries.
/// </summary>
public sealed class OutboxSignal
{
    // After a wake-up, rows queued in the next moment go out in the same batch: under load, one dispatch per chat message
    // cost more in fixed work (poll, claim, record) than the sends themselves. Real time: infrastructure pacing.
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(100);
    private readonly SemaphoreSlim _queued = new(0, 1);

    /// <summary>Call after the rows are committed: a dispatcher woken earlier would not see them.</summary>
    public void Notify()
    {
        try
        {
            _queued.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the dispatcher will look once, and see every row committed until then.
        }
    }

    /// <summary>Waits until <see cref="Notify"/> or the delay, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signalled = _queued.WaitAsync(either.Token);
        var elapsed = Task.Delay(delay, time, either.Token);
        var first = await Task.WhenAny(signalled, elapsed);
        await either.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        if (first == signalled) await Task.Delay(Gather, cancellationToken);
    }
}
