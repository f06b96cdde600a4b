using System.Collections.Concurrent;

namespace PetitionBot.Knowledge.Answers;

/// <summary>
/// Answers to questions asked before, for one opened index (a new index starts with an empty cache). Citizens ask the
/// same things over and over (复查期限是多久, a menu button's text), and composing an answer costs a millisecond or
/// more of CPU, which is most of a WeChat message's cost. Bounded by two generations: when the newer one is full, the
/// older one is dropped, so answers asked often stay and the memory held stays below twice <see cref="Generation"/>.
/// </summary>
internal sealed class AnswerCache(Func<string, AskResult> compose)
{
    public const int Generation = 2048;

    private ConcurrentDictionary<string, AskResult> _recent = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, AskResult> _older = new(StringComparer.Ordinal);
    private readonly Lock _rotate = new();

    public AskResult Ask(string question)
    {
        var key = question.Trim();
        var recent = Volatile.Read(ref _recent);
        if (recent.TryGetValue(key, out var answer)) return answer;
        if (!Volatile.Read(ref _older).TryGetValue(key, out answer)) answer = compose(key);
        if (recent.Count >= Generation) recent = Rotate(recent);
        recent.TryAdd(key, answer);
        return answer;
    }

    private ConcurrentDictionary<string, AskResult> Rotate(ConcurrentDictionary<string, AskResult> full)
    {
        lock (_rotate)
        {
            if (!ReferenceEquals(_recent, full)) return _recent; // another thread rotated first
            Volatile.Write(ref _older, full);
            var fresh = new ConcurrentDictionary<string, AskResult>(StringComparer.Ordinal);
            Volatile.Write(ref _recent, fresh);
            return fresh;
        }
    }
}
