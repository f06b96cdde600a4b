using System.Collections.Concurrent;

namespace PetitionBot.Bot.Petitions.Status;

/// <summary>
/// Counts wrong phone digits per tracking number, across all callers of this instance. Rate limits per address or chat
/// user stop one client; this stops many clients guessing the four digits of one petition. The owner of a targeted
/// number waits an hour (or asks at the reception), which is the lesser harm.
/// </summary>
public sealed class LookupGuard(TimeProvider time)
{
    public const int MaxFailuresPerHour = 10;
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, Queue<DateTime>> _failures = new(StringComparer.Ordinal);

    public bool IsLocked(string trackingNo)
    {
        if (!_failures.TryGetValue(trackingNo, out var queue)) return false;
        lock (queue)
        {
            Trim(queue);
            return queue.Count >= MaxFailuresPerHour;
        }
    }

    public void RecordFailure(string trackingNo)
    {
        if (_failures.Count > 100_000) _failures.Clear(); // bounded memory under a flood of random numbers
        var queue = _failures.GetOrAdd(trackingNo, _ => new Queue<DateTime>());
        lock (queue)
        {
            Trim(queue);
            queue.Enqueue(time.GetUtcNow().UtcDateTime);
        }
    }

    private void Trim(Queue<DateTime> queue)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - Window;
        while (queue.Count > 0 && queue.Peek() < cutoff) queue.Dequeue();
    }
}
