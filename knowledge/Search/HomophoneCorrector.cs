namespace PetitionBot.Knowledge.Search;

/// <summary>
/// Typing with a pinyin keyboard makes homophones: 信仿 for 信访, 复合 for 复核, 上防 for 上访. A pair of characters that
/// occurs nowhere in our texts but sounds exactly like a term of our guides is read as that term.
/// </summary>
public sealed class HomophoneCorrector
{
    public static readonly HomophoneCorrector Empty = new(new Dictionary<char, string[]>(), [], []);

    private readonly IReadOnlyDictionary<char, string[]> _readings;
    private readonly HashSet<string> _known;
    private readonly Dictionary<string, (string Term, int Count)> _bySound = new(StringComparer.Ordinal);

    /// <param name="readings">Toneless pinyin of each character (all readings of a 多音字).</param>
    /// <param name="domainWords">The two-character words of our own phrasings (one entry per use): the terms a homophone
    /// may be corrected to, the most used first.</param>
    /// <param name="allText">Every text of the index: a pair found here is a real word and left alone.</param>
    public HomophoneCorrector(IReadOnlyDictionary<char, string[]> readings, IEnumerable<string> domainWords, IEnumerable<string> allText)
    {
        _readings = readings;
        _known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in allText)
            foreach (var pair in HanPairs.Of(text)) _known.Add(pair);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in domainWords)
            if (word.Length == 2 && HanPairs.IsHan(word[0]) && HanPairs.IsHan(word[1])) counts[word] = counts.GetValueOrDefault(word) + 1;
        foreach (var (pair, count) in counts)
        {
            if (count < MinDomainCount) continue;
            foreach (var sound in Sounds(pair))
                if (!_bySound.TryGetValue(sound, out var cur) || cur.Count < count) _bySound[sound] = (pair, count);
        }
    }

    /// <summary>A term must appear this often in our phrasings to be a correction target.</summary>
    private const int MinDomainCount = 3;

    public static IReadOnlyDictionary<char, string[]> ParseReadings(IEnumerable<string> lines)
    {
        var readings = new Dictionary<char, string[]>();
        foreach (var raw in lines)
        {
            if (raw.Length < 3 || raw[0] == '#') continue;
            var parts = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || parts[0].Length != 1) continue;
            readings[parts[0][0]] = parts[1..];
        }
        return readings;
    }

    /// <summary>The question with unknown homophones of our terms replaced; the same string when nothing changed.</summary>
    public string Correct(string question)
    {
        if (_bySound.Count == 0) return question;
        char[]? fixedChars = null;
        for (var i = 0; i + 1 < question.Length; i++)
        {
            var pair = question.Substring(i, 2);
            if (!HanPairs.IsHan(pair[0]) || !HanPairs.IsHan(pair[1]) || _known.Contains(pair)) continue;
            foreach (var sound in Sounds(pair))
            {
                if (!_bySound.TryGetValue(sound, out var target)) continue;
                // A typo is one wrong character: a whole pair replaced (堆放 → 对方) is another word, not a slip.
                if (target.Term[0] != pair[0] && target.Term[1] != pair[1]) continue;
                // A character that forms a known word with its other neighbour is not a typo (群众举报: 众 and 举 stay).
                if (target.Term[0] != pair[0] && i > 0 && _known.Contains(question.Substring(i - 1, 2))) continue;
                if (target.Term[1] != pair[1] && i + 2 < question.Length && _known.Contains(question.Substring(i + 1, 2))) continue;
                fixedChars ??= question.ToCharArray();
                fixedChars[i] = target.Term[0];
                fixedChars[i + 1] = target.Term[1];
                i++;
                break;
            }
        }
        return fixedChars is null ? question : new string(fixedChars);
    }

    private IEnumerable<string> Sounds(string pair)
    {
        if (!_readings.TryGetValue(pair[0], out var a) || !_readings.TryGetValue(pair[1], out var b)) yield break;
        foreach (var x in a)
            foreach (var y in b)
                yield return x + " " + y;
    }


}
