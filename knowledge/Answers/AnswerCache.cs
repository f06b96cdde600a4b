using PetitionBot.Knowledge.Caching;

namespace PetitionBot.Knowledge.Answers;

/// <summary>
/// Answers to questions asked before, for one opened index (a new index starts with an empty cache). Citizens ask the
/// same things over and over (复查期限是多久, a menu button's text), and composing an answer costs a millisecond or
/// more of CPU, which is most of a WeChat message's cost. Bounded: two generations of <see cref="Generation"/> answers.
/// </summary>
internal sealed class AnswerCache(Func<string, AskResult> compose)
{
    public const int Generation = 2048;

    private readonly GenerationalCache<string, AskResult> _answers = new(Generation, StringComparer.Ordinal);

    public AskResult Ask(string question) => _answers.GetOrAdd(question.Trim(), compose);
}
