using Microsoft.Extensions.Caching.Memory;

namespace PetitionBot.Knowledge.Answers;

/// <summary>
/// Answers to questions asked before, for one opened index (a new index starts with an empty cache). Citizens ask the
/// same things over and over (复查期限是多久, a menu button's text), and composing an answer costs a millisecond or
/// more of CPU, which is most of a WeChat message's cost. Bounded to <see cref="Capacity"/> answers.
/// </summary>
internal sealed class AnswerCache(Func<string, AskResult> compose) : IDisposable
{
    public const int Capacity = 4096;

    private readonly MemoryCache _answers = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public AskResult Ask(string question)
    {
        question = question.Trim();
        if (_answers.TryGetValue(question, out AskResult? known)) return known!;
        var answer = compose(question);
        _answers.Set(question, answer, new MemoryCacheEntryOptions { Size = 1 });
        return answer;
    }

    public void Dispose() => _answers.Dispose();
}
