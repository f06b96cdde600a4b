namespace PetitionBot.Knowledge.Guides;

/// <summary>
/// Everyday words mapped to statute terms ("老板不给钱,欠薪 => 拖欠 工资 劳动报酬"), used to widen a query
/// so colloquial questions reach the statute vocabulary.
/// </summary>
public sealed class Thesaurus
{
    public static readonly Thesaurus Empty = new([], []);

    private readonly IReadOnlyList<(string Phrase, string Terms)> _rules;

    /// <summary>The rule lines it was made from, so an index can carry them.</summary>
    public IReadOnlyList<string> Lines { get; }

    private Thesaurus(IReadOnlyList<(string, string)> rules, IReadOnlyList<string> lines)
    {
        Lines = lines;
        // Longest phrases first so "老板不给钱" wins over "老板".
        _rules = rules.OrderByDescending(r => r.Item1.Length).ToList();
    }

    public int Count => _rules.Count;

    public static Thesaurus Parse(IEnumerable<string> lines)
    {
        var rules = new List<(string, string)>();
        var kept = new List<string>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            kept.Add(line);
            var arrow = line.IndexOf("=>", StringComparison.Ordinal);
            if (arrow < 0) continue;
            var terms = line[(arrow + 2)..].Trim();
            foreach (var phrase in line[..arrow].Split([',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                rules.Add((phrase, terms));
        }
        return new Thesaurus(rules, kept);
    }

    /// <summary>True when the text uses an everyday phrase or a statute term the thesaurus knows.</summary>
    public bool Mentions(string text)
    {
        foreach (var (phrase, terms) in _rules)
        {
            if (text.Contains(phrase, StringComparison.Ordinal)) return true;
            foreach (var term in terms.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                if (term.Length >= 2 && text.Contains(term, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>The statute terms for every everyday phrase found in the text.</summary>
    public IEnumerable<string> Expand(string text)
    {
        var seen = new HashSet<string>();
        foreach (var (phrase, terms) in _rules)
            if (text.Contains(phrase, StringComparison.Ordinal) && seen.Add(terms))
                yield return terms;
    }
}
