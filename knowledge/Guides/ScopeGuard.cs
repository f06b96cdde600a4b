using PetitionBot.Knowledge.Search;

namespace PetitionBot.Knowledge.Guides;

/// <summary>
/// Topics the bot does not answer (out-of-scope.txt): weather, chit-chat, medicine, foreign law … A question that
/// touches one of them is refused unless it also speaks the language of disputes and petitions; foreign law is
/// refused always, since our texts are the law of the mainland only. A topic written with a trailing "!" is refused even
/// with legal words: a request to translate "依法信访" asks for English, not for the law.
/// </summary>
public sealed class ScopeGuard
{
    public static readonly ScopeGuard Empty = new([], [], []);

    private readonly IReadOnlyList<(string Topic, string Word)> _words;
    private readonly HashSet<string> _strict;

    public IReadOnlyList<string> Lines { get; }

    private ScopeGuard(IReadOnlyList<(string, string)> words, IReadOnlyList<string> lines, HashSet<string> strict)
    {
        _words = words;
        Lines = lines;
        _strict = strict;
    }

    public static ScopeGuard Parse(IEnumerable<string> lines)
    {
        var words = new List<(string, string)>();
        var kept = new List<string>();
        var strict = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            kept.Add(line);
            var topic = line[..colon].Trim();
            if (topic.EndsWith('!')) strict.Add(topic = topic.TrimEnd('!'));
            foreach (var w in line[(colon + 1)..].Split([',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                words.Add((topic, w));
        }
        return new ScopeGuard(words, kept, strict);
    }

    /// <summary>The out-of-scope topic the question touches, or null.</summary>
    public string? TopicOf(string question)
    {
        foreach (var (topic, word) in _words)
            if (Cues.Contains(question, word)) return topic;
        return null;
    }

    /// <summary>The topic is refused even when the question has legal or petition words.</summary>
    public bool RefusedWithLegalWords(string topic) => _strict.Contains(topic);

    public const string ForeignTopic = "foreign";
}
