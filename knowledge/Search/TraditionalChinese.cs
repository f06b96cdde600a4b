namespace PetitionBot.Knowledge.Search;

/// <summary>
/// Questions typed in traditional characters (小區電梯廣告收入) are read in the simplified characters our texts use. Only
/// characters that never occur in simplified text are mapped (traditional.txt), so a simplified question is unchanged.
/// </summary>
public sealed class TraditionalChinese
{
    public static readonly TraditionalChinese Empty = new(new Dictionary<char, char>());

    private readonly IReadOnlyDictionary<char, char> _simplified;

    private TraditionalChinese(IReadOnlyDictionary<char, char> simplified) => _simplified = simplified;

    public static TraditionalChinese Parse(IEnumerable<string> lines)
    {
        var map = new Dictionary<char, char>();
        foreach (var line in lines)
            if (line.Length == 2 && line[0] != '#') map[line[0]] = line[1];
        return new TraditionalChinese(map);
    }

    /// <summary>The text in simplified characters; the same string when it has no traditional ones.</summary>
    public string Simplify(string text)
    {
        if (_simplified.Count == 0 || !text.Any(_simplified.ContainsKey)) return text;
        return new string(text.Select(c => _simplified.TryGetValue(c, out var s) ? s : c).ToArray());
    }
}
