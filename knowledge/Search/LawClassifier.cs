using PetitionBot.Knowledge.Guides;

namespace PetitionBot.Knowledge.Search;

/// <summary>
/// Which law a question's dispute belongs to, judged from all of its words rather than one: a naive Bayes model over
/// character pairs, learned when the index opens from our guides' phrasings (and the real questions shipped with the
/// pack), each labelled with the law its guide rests on. "租房提前退租房东要违约金" is a lease (民法典合同编) although
/// 违约金 alone says labour contract.
/// </summary>
public sealed class LawClassifier
{
    public static readonly LawClassifier Empty = new([]);

    private readonly Dictionary<string, Dictionary<string, float>> _logLikelihood = new(StringComparer.Ordinal);
    private readonly Dictionary<string, float> _unseen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, float> _prior = new(StringComparer.Ordinal);
    private readonly HashSet<string> _vocabulary = new(StringComparer.Ordinal);

    /// <param name="examples">(text, law file) pairs.</param>
    public LawClassifier(IEnumerable<(string Text, string Law)> examples)
    {
        var counts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var docs = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (text, law) in examples)
        {
            docs[law] = docs.GetValueOrDefault(law) + 1;
            if (!counts.TryGetValue(law, out var c)) counts[law] = c = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var f in Features(text)) { c[f] = c.GetValueOrDefault(f) + 1; _vocabulary.Add(f); }
        }
        var total = docs.Values.Sum();
        foreach (var (law, c) in counts)
        {
            var sum = c.Values.Sum();
            var denominator = MathF.Log(sum + Smoothing * _vocabulary.Count);
            _logLikelihood[law] = c.ToDictionary(kv => kv.Key, kv => MathF.Log(kv.Value + Smoothing) - denominator, StringComparer.Ordinal);
            _unseen[law] = MathF.Log(Smoothing) - denominator;
            // A flattened prior: laws with many guides should not win on their number of guides alone.
            _prior[law] = 0.5f * MathF.Log((float)docs[law] / total);
        }
    }

    private const float Smoothing = 0.2f;

    /// <summary>Posterior probability of each law for the question (empty when the question has no known word).</summary>
    public IReadOnlyDictionary<string, float> Classify(string question)
    {
        var features = Features(question).Where(_vocabulary.Contains).ToList();
        if (features.Count == 0 || _prior.Count == 0) return new Dictionary<string, float>();
        var scores = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var (law, prior) in _prior)
        {
            var ll = _logLikelihood[law];
            var unseen = _unseen[law];
            var s = prior;
            foreach (var f in features) s += ll.TryGetValue(f, out var v) ? v : unseen;
            scores[law] = s;
        }
        var max = scores.Values.Max();
        var z = scores.Values.Sum(s => MathF.Exp(s - max));
        return scores.ToDictionary(kv => kv.Key, kv => MathF.Exp(kv.Value - max) / z, StringComparer.Ordinal);
    }

    /// <summary>The law a guide rests on: the file of its first citation.</summary>
    public static string? LawOf(GuideEntry guide) => guide.Cites.Count > 0 ? guide.Cites[0].File : null;

    private static IEnumerable<string> Features(string text) => HanPairs.Of(text).Distinct(StringComparer.Ordinal);
}
