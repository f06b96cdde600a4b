using System.Text.RegularExpressions;
using Microsoft.Extensions.Caching.Memory;

namespace PetitionBot.Bot.Conversation.Triage;

/// <summary>What the rules make of a description.</summary>
/// <param name="Rules">Matching rules, best first.</param>
/// <param name="Routes">Route ids, best first, at most three.</param>
/// <param name="FollowUp">A clarifying question worth asking, if any.</param>
/// <param name="LooksLikeDispute">No rule matched but the text reads like a dispute (ask who the other side is).</param>
public sealed record TriageResult(
    IReadOnlyList<TriageRule> Rules,
    IReadOnlyList<string> Routes,
    bool LitigationRelated,
    string? Field,
    string? Category,
    string? FollowUp,
    bool LooksLikeDispute)
{
    public TriageRule? Primary => Rules.Count > 0 ? Rules[0] : null;
}

/// <summary>
/// Rule- and data-driven route triage (诉访分离, 信访工作条例 第二十二、二十八、三十一条): works without the knowledge base, so a
/// dispute gets its routes even when retrieval abstains.
/// </summary>
public sealed class RouteTriage
{
    public const int MaxRoutes = 3;
    // Interpreted, not Compiled: a compiled pattern's first match includes its JIT, which on a loaded machine can run past
    // the match timeout and fail a citizen's first message (seen once in CI).
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    private readonly List<CompiledRule> _rules;
    private readonly Regex _disputeCues;
    private readonly Dictionary<string, Regex?> _answeredBy;
    private readonly Dictionary<(string, int), Regex?> _choiceKeywords = [];
    // Citizens send the same texts again and again (menu buttons, common questions); matching every rule's patterns costs
    // more than the rest of a turn's rule work, and the result depends on the text alone.
    private readonly MemoryCache _results = new(new MemoryCacheOptions { SizeLimit = 4096 });

    public RouteTriage(TriageCatalog catalog)
    {
        Catalog = catalog;
        _rules = catalog.Rules.Select(r => new CompiledRule(
            r,
            (r.All ?? []).Select(Compile).ToList(),
            (r.Any ?? []).Select(Compile).ToList(),
            (r.Not ?? []).Select(Compile).ToList())).ToList();
        _disputeCues = Compile(catalog.Data.DisputeCues);
        _answeredBy = catalog.Questions.Values.ToDictionary(q => q.Id, q => q.AnsweredBy is { } a ? Compile(a) : null);
        foreach (var q in catalog.Questions.Values)
            for (var i = 0; i < q.Choices.Count; i++)
                _choiceKeywords[(q.Id, i)] = q.Choices[i].Keywords is { } k ? Compile(k) : null;
    }

    public TriageCatalog Catalog { get; }

    public TriageResult Classify(string text)
    {
        if (_results.TryGetValue(text, out TriageResult? known)) return known!;
        var result = ClassifyAnew(text);
        _results.Set(text, result, new MemoryCacheEntryOptions { Size = 1 });
        return result;
    }

    private TriageResult ClassifyAnew(string text)
    {
        var matched = _rules.Where(r => r.Matches(text)).Select(r => r.Rule).ToList();
        var routes = matched.SelectMany(r => r.Routes).Distinct(StringComparer.Ordinal).Take(MaxRoutes).ToList();
        var primary = matched.FirstOrDefault();
        var followUp = primary?.Ask?.FirstOrDefault(q => !IsAnsweredBy(q, text));
        return new TriageResult(
            matched,
            routes,
            primary?.Litigation ?? false,
            matched.Select(r => r.Field).FirstOrDefault(f => f is not null),
            matched.Select(r => r.Category).FirstOrDefault(c => c is not null),
            followUp,
            LooksLikeDispute: matched.Count == 0 && _disputeCues.IsMatch(text));
    }

    public bool IsAnsweredBy(string questionId, string text) =>
        _answeredBy.TryGetValue(questionId, out var re) && re is not null && re.IsMatch(text);

    /// <summary>The chosen answer: number, label, or the first choice whose keywords appear; null if the reply is something else.</summary>
    public int? MatchChoice(ClarifyingQuestion question, string text)
    {
        var t = text.Trim().TrimEnd('。', '！', '!', '.');
        if (int.TryParse(t, out var n) && n >= 1 && n <= question.Choices.Count) return n - 1;
        for (var i = 0; i < question.Choices.Count; i++)
            if (question.Choices[i].Label == t || question.Choices[i].Label.StartsWith(t + "（", StringComparison.Ordinal)) return i;
        if (t.Length > 20) return null; // a long reply is a new description, not an answer
        for (var i = 0; i < question.Choices.Count; i++)
            if (_choiceKeywords[(question.Id, i)] is { } k && k.IsMatch(t)) return i;
        return null;
    }

    private static Regex Compile(string pattern) => new(pattern, Options, MatchTimeout);

    private sealed record CompiledRule(TriageRule Rule, List<Regex> All, List<Regex> Any, List<Regex> Not)
    {
        public bool Matches(string text) =>
            All.All(r => r.IsMatch(text))
            && (Any.Count == 0 || Any.Any(r => r.IsMatch(text)))
            && !Not.Any(r => r.IsMatch(text));
    }
}
