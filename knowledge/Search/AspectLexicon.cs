namespace PetitionBot.Knowledge.Search;

/// <summary>
/// What aspect of a matter a question asks about (期限, 费用, 去哪, 证据, 赔多少, 怎么办), from aspects.txt, and which
/// paragraphs of a guide answer that aspect, so the answer can lead with what was asked.
/// </summary>
public sealed class AspectLexicon
{
    public static readonly AspectLexicon Empty = new([], []);

    private readonly IReadOnlyList<(string Aspect, string[] Asked, string[] Marks)> _aspects;

    public IReadOnlyList<string> Lines { get; }

    private AspectLexicon(IReadOnlyList<(string, string[], string[])> aspects, IReadOnlyList<string> lines)
    {
        _aspects = aspects;
        Lines = lines;
    }

    public static AspectLexicon Parse(IEnumerable<string> lines)
    {
        var aspects = new List<(string, string[], string[])>();
        var kept = new List<string>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var colon = line.IndexOf(':');
            var bar = line.IndexOf('|');
            if (colon <= 0 || bar < colon) continue;
            kept.Add(line);
            aspects.Add((line[..colon].Trim(), Words(line[(colon + 1)..bar]), Words(line[(bar + 1)..])));
        }
        return new AspectLexicon(aspects, kept);
    }

    private static string[] Words(string list) =>
        list.Split([',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The aspects a question asks about.</summary>
    public IReadOnlyList<string> AskedIn(string question)
    {
        // "规定在哪一条" asks for the article, not where to go.
        foreach (var lookup in ArticleAsked) question = question.Replace(lookup, "，", StringComparison.Ordinal);
        var found = (from a in _aspects
                     from word in a.Asked
                     from at in Cues.PositionsNotAfter(question, word, TellsWhatHappened)
                     select (a.Aspect, At: at, word.Length)).ToList();
        // A phrase inside a longer phrase of another aspect belongs to that one: the 多少钱 of 赔多少钱 asks an amount, not a fee.
        var asked = found.Where(f => !found.Any(o => o.Aspect != f.Aspect && o.Length > f.Length && o.At <= f.At && f.At + f.Length <= o.At + o.Length))
            .Select(f => f.Aspect).ToHashSet();
        return _aspects.Select(a => a.Aspect).Where(asked.Contains).ToList();
    }

    private static readonly string[] ArticleAsked = ["哪一条", "哪条", "第几条", "哪个条款", "哪一款"];

    /// <summary>"关了几个月" tells how long something lasted, "要几个月" asks it: a word right after 了 is the story's.</summary>
    private static bool TellsWhatHappened(char before) => before == '了';

    /// <summary>How well a paragraph answers the aspects: its heading counts fully, its wording half.</summary>
    public float Answers(IReadOnlyList<string> aspects, string heading, string text)
    {
        var score = 0f;
        foreach (var (aspect, _, marks) in _aspects)
        {
            if (!aspects.Contains(aspect)) continue;
            if (heading.Length > 0 && marks.Any(m => heading.Contains(m, StringComparison.Ordinal))) score += 1f;
            else if (marks.Any(m => text.Contains(m, StringComparison.Ordinal))) score += 0.4f;
        }
        return score;
    }
}
