using System.Text.Json.Serialization;

namespace PetitionBot.Knowledge.Answers;

/// <summary>The answer to a free-text question; the JSON shape of POST /api/ask.</summary>
public sealed record AskResult(
    string Answer,
    IReadOnlyList<Citation> Citations,
    IReadOnlyList<RouteSuggestion> Routes,
    bool Abstained)
{
    /// <summary>The answer without its list of suggested routes, for a caller that shows <see cref="Routes"/> itself.</summary>
    [JsonIgnore]
    public string AnswerWithoutRoutes { get; init; } = Answer;

    /// <summary>For a matter our statutes do not cover, the department that handles it (no citation is given).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Referrals.Referral? Referral { get; init; }

    /// <summary>Who wrote <see cref="Answer"/>: <see cref="AnswerSources.Extractive"/> or <see cref="AnswerSources.Llm"/>.</summary>
    public string GeneratedBy { get; init; } = AnswerSources.Extractive;

    /// <summary>The question as it was retrieved for (trimmed), for asking again with another lead.</summary>
    [JsonIgnore]
    public string Question { get; init; } = "";

    /// <summary>
    /// When several of our guide cards matched nearly as well (the first leads this answer): each with the paragraph
    /// it would lead with. Empty when one card clearly fits best, and for references, referrals and abstentions.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<AnswerCandidate> Candidates { get; init; } = [];
}

/// <summary>One of our guide cards that could answer a question: its id, title and the paragraph it would lead with.</summary>
public sealed record AnswerCandidate(string GuideId, string Title, string Lead);

/// <summary>The values of <see cref="AskResult.GeneratedBy"/>.</summary>
public static class AnswerSources
{
    /// <summary>Composed from our own texts, without a language model.</summary>
    public const string Extractive = "extractive";

    /// <summary>Written by a language model from the retrieved passages, every citation verified.</summary>
    public const string Llm = "llm";
}

/// <summary>A statute article an answer rests on, best first.</summary>
/// <param name="Document">Full title, e.g. 信访工作条例.</param>
/// <param name="DocumentFile">Corpus file name, e.g. xinfang-gongzuo-tiaoli-2022.md.</param>
/// <param name="Article">Label, e.g. 第三十四条.</param>
/// <param name="ArticleNumber">The number, e.g. 34.</param>
public sealed record Citation(string Document, string DocumentFile, string Article, int ArticleNumber);

/// <summary>A legal route (id from routes.json) with what a citizen needs to act on it.</summary>
public sealed record RouteSuggestion(string Id, string Name, string Handler, string Deadline, string Summary);
