using System.Text.Json;
using System.Text.RegularExpressions;

namespace PetitionBot.Bot.Conversation.Triage;

/// <summary>A statute article a route or note rests on.</summary>
public sealed record LawRef(string Law, string File, int Article);

/// <summary>A legal route: id and name exactly as in eval/routes.json, plus what the citizen needs to act on it.</summary>
public sealed record RouteInfo(string Id, string Name, string Handler, string Deadline, string Bring, IReadOnlyList<LawRef> Basis);

public sealed record TriageRule(
    string Id,
    int Priority,
    IReadOnlyList<string>? All,
    IReadOnlyList<string>? Any,
    IReadOnlyList<string>? Not,
    IReadOnlyList<string> Routes,
    string? Field,
    string? Category,
    bool Litigation,
    string? Note,
    IReadOnlyList<LawRef>? NoteBasis,
    IReadOnlyList<string>? Ask);

public sealed record QuestionChoice(
    string Label,
    string? Keywords,
    IReadOnlyList<string>? Routes,
    bool Litigation,
    string? Note,
    IReadOnlyList<LawRef>? NoteBasis,
    string? Next);

public sealed record ClarifyingQuestion(string Id, string Text, string? AnsweredBy, IReadOnlyList<QuestionChoice> Choices);

public sealed record TriageData(
    string? About,
    IReadOnlyList<RouteInfo> Routes,
    IReadOnlyList<TriageRule> Rules,
    string DisputeCues,
    IReadOnlyList<ClarifyingQuestion> Questions);

/// <summary>The triage table loaded from triage.json, checked for consistency when loaded.</summary>
public sealed class TriageCatalog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };

    public TriageCatalog(TriageData data)
    {
        Data = data;
        Routes = data.Routes.ToDictionary(r => r.Id, StringComparer.Ordinal);
        Questions = data.Questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
        Rules = data.Rules.OrderByDescending(r => r.Priority).ToList();
        Validate();
    }

    public TriageData Data { get; }
    public IReadOnlyDictionary<string, RouteInfo> Routes { get; }
    public IReadOnlyDictionary<string, ClarifyingQuestion> Questions { get; }
    /// <summary>Highest priority first.</summary>
    public IReadOnlyList<TriageRule> Rules { get; }

    public static TriageCatalog Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Route triage table not found at '{path}'. Set Conversation:TriagePath.", path);
        var data = JsonSerializer.Deserialize<TriageData>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"Route triage table '{path}' is empty.");
        return new TriageCatalog(data);
    }

    private void Validate()
    {
        var errors = new List<string>();
        foreach (var rule in Data.Rules)
        {
            foreach (var id in rule.Routes.Where(id => !Routes.ContainsKey(id)))
                errors.Add($"rule '{rule.Id}' names unknown route '{id}'");
            foreach (var q in rule.Ask ?? [])
                if (!Questions.ContainsKey(q)) errors.Add($"rule '{rule.Id}' asks unknown question '{q}'");
            if ((rule.All?.Count ?? 0) + (rule.Any?.Count ?? 0) == 0) errors.Add($"rule '{rule.Id}' has no patterns");
            foreach (var pattern in (rule.All ?? []).Concat(rule.Any ?? []).Concat(rule.Not ?? []))
                if (!IsRegex(pattern)) errors.Add($"rule '{rule.Id}' has an invalid pattern '{pattern}'");
        }
        foreach (var q in Data.Questions)
            foreach (var c in q.Choices)
            {
                foreach (var id in (c.Routes ?? []).Where(id => !Routes.ContainsKey(id)))
                    errors.Add($"question '{q.Id}' choice '{c.Label}' names unknown route '{id}'");
                if (c.Next is { } next && !Questions.ContainsKey(next))
                    errors.Add($"question '{q.Id}' choice '{c.Label}' leads to unknown question '{next}'");
            }
        if (errors.Count > 0)
            throw new InvalidDataException("Route triage table is inconsistent: " + string.Join("; ", errors));
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
