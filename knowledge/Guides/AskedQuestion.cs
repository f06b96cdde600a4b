using System.Text.Json;

namespace PetitionBot.Knowledge.Guides;

/// <summary>
/// A question a real person asked, with the articles and routes that answer it (the pack's learn/*.jsonl, in the form
/// of the evaluation sets). The index learns from these: each is a phrasing of its articles, and teaches the law
/// classifier how people name their disputes.
/// </summary>
/// <param name="Referral">For a matter our laws do not cover, the department it belongs to (referrals.json id).</param>
public sealed record AskedQuestion(string Question, IReadOnlyList<ArticleRef> Answers, IReadOnlyList<string> Routes, string? Referral = null)
{
    private sealed record Line(string? Question, string? Kind, List<Expected>? Expect, List<string>? Routes, string? Referral);

    private sealed record Expected(string File, int Article);

    /// <summary>The answerable and the referred questions of a file.</summary>
    public static IEnumerable<AskedQuestion> Read(string path) =>
        File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l))
            .Select((l, i) => JsonSerializer.Deserialize<Line>(l, GuidePack.JsonOptions)
                ?? throw new FormatException($"{path}:{i + 1}: not a question."))
            .Where(l => !string.IsNullOrWhiteSpace(l.Question)
                && (l.Kind is "article" or "route" && l.Expect is { Count: > 0 } || l.Kind == "referral" && l.Referral is not null))
            .Select(l => new AskedQuestion(l.Question!.Trim(), (l.Expect ?? []).Select(e => new ArticleRef(e.File, e.Article)).ToList(),
                l.Routes ?? [], l.Kind == "referral" ? l.Referral : null));
}
