using PetitionBot.Knowledge.Answers;
using PetitionBot.Knowledge.Guides;
using PetitionBot.Knowledge.Indexing;

namespace PetitionBot.Bot.Llm;

/// <summary>A text the model may rest its answer on: one cited article (statute text, or our guide's explanation of it), or our own answer.</summary>
/// <param name="Citation">The article the text is, or explains; null for our own answer text.</param>
/// <param name="Names">What the article's document may be called in a reply (title, title without 中华人民共和国, short names).</param>
public sealed record GroundingPassage(Citation? Citation, IReadOnlySet<string> Names, string Text);

/// <summary>The passages behind an extractive answer: exactly what the model is shown and what its reply is checked against.</summary>
public static class GroundingPassages
{
    private const int MaxArticleChars = 700;
    private const int MaxGuideChars = 400;
    private const int MaxOwnAnswerChars = 600;

    public static IReadOnlyList<GroundingPassage> For(KnowledgeIndex index, AskResult extractive)
    {
        var passages = new List<GroundingPassage>();
        foreach (var c in extractive.Citations)
        {
            var r = new ArticleRef(c.DocumentFile, c.ArticleNumber);
            string? text = index.Articles.TryGetValue((r.File, r.Number), out var article)
                ? Cut(article.Text, MaxArticleChars)
                : (index.Guides.FirstOrDefault(g => g.Cites.Count > 0 && g.Cites[0] == r) ?? index.Guides.FirstOrDefault(g => g.Cites.Contains(r)))
                    is { } guide ? Cut(guide.Body, MaxGuideChars) : null;
            if (text is null) continue;
            passages.Add(new GroundingPassage(c, NamesOf(index, c), text));
        }
        passages.Add(new GroundingPassage(null, new HashSet<string>(), Cut(extractive.AnswerWithoutRoutes, MaxOwnAnswerChars)));
        return passages;
    }

    // A passage is cut, not summarised: whatever the model sees is our text word for word.
    private static string Cut(string text, int max) => text.Length <= max ? text.Trim() : text[..max].Trim() + "…";

    private static HashSet<string> NamesOf(KnowledgeIndex index, Citation c)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { NormalizeName(c.Document) };
        if (index.Documents.TryGetValue(c.DocumentFile, out var info))
        {
            names.Add(NormalizeName(info.Title));
            foreach (var s in info.Short) names.Add(NormalizeName(s));
        }
        return names;
    }

    /// <summary>中华人民共和国民法典·合同编 → 民法典合同编: how a reply's 《…》 is compared with our titles.</summary>
    public static string NormalizeName(string name) =>
        name.Replace("中华人民共和国", "", StringComparison.Ordinal).Replace("·", "", StringComparison.Ordinal)
            .Replace(" ", "", StringComparison.Ordinal).Trim();
}
