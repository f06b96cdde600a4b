using Microsoft.AspNetCore.Mvc;
using PetitionBot.Bot.Knowledge;
using PetitionBot.Bot.Llm;
using PetitionBot.Knowledge;
using PetitionBot.Knowledge.Answers;
using PetitionBot.Knowledge.Search;

namespace PetitionBot.Bot.Office.Pages.Grid;

/// <summary>
/// 法规查询 for grid workers: the citizen chat's answer and the exact article search (the same knowledge base as /api/ask
/// and /api/search), each article in full with the articles related to it, without the citizen menu.
/// </summary>
public sealed class LookupModel(IKnowledgeBase knowledge, GroundedAnswers grounded) : OfficePageModel
{
    private const int Hits = 8;

    [FromQuery(Name = "q")] public string? Query { get; set; }
    /// <summary>The hit opened in full (its position in the list).</summary>
    [FromQuery(Name = "open")] public int? Open { get; set; }

    public AskResult? Answer { get; private set; }
    public IReadOnlyList<SearchHit> Results { get; private set; } = [];
    public SearchHit? Article { get; private set; }
    public IReadOnlyList<SearchHit> Related { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var q = Query?.Trim();
        if (string.IsNullOrEmpty(q)) return;
        if (!knowledge.IsReady) await knowledge.WhenReadyAsync(TimeSpan.FromSeconds(10), ct);
        if (!knowledge.IsReady)
        {
            Error = "知识库正在建立索引，请稍后再试。";
            return;
        }
        if (q.Length > KnowledgeEndpoints.MaxQuestionLength) q = q[..KnowledgeEndpoints.MaxQuestionLength];
        Results = knowledge.Search(q, Hits).Hits;
        if (Open is { } i && i >= 0 && i < Results.Count)
        {
            Article = Results[i];
            // Related: what the article's own words find, the article itself left out.
            var words = Article.Text.Length > 60 ? Article.Text[..60] : Article.Text;
            Related = knowledge.Search(words, 6).Hits
                .Where(h => !(h.DocumentFile == Article.DocumentFile && h.ArticleNumber == Article.ArticleNumber)).Take(5).ToList();
            return;
        }
        Answer = await grounded.ImproveAsync(q, knowledge.Ask(q), ct);
    }
}
