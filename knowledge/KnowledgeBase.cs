using Lucene.Net.Search.Highlight;
using PetitionBot.Knowledge.Answers;
using PetitionBot.Knowledge.Guides;
using PetitionBot.Knowledge.Indexing;
using PetitionBot.Knowledge.Routes;
using PetitionBot.Knowledge.Search;
using PetitionBot.Knowledge.Statutes;

namespace PetitionBot.Knowledge;

/// <summary>
/// The knowledge base behind /api/ask and /api/search. Holds one opened index at a time and swaps it whole,
/// so a query always sees a complete index.
/// </summary>
public sealed class KnowledgeBase : IKnowledgeBase, IDisposable
{
    private sealed record Snapshot(KnowledgeIndex Index, Retriever Retriever, QueryCache<(string Question, string? Lead), AskResult> Answers,
        QueryCache<(string Query, int Top), SearchResult> Searches, RouteCatalog Routes);

    private Snapshot? _current;

    public bool IsReady => Volatile.Read(ref _current) is not null;

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task WhenReadyAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        if (IsReady) return;
        try
        {
            await _ready.Task.WaitAsync(patience, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Still building: the caller answers without the knowledge base.
        }
    }

    // The catalogue comes with the index: empty for the moment after a start before it opens, never an exception.
    public IReadOnlyList<RouteSuggestion> Routes => Volatile.Read(ref _current)?.Routes.All ?? [];

    /// <summary>Statute articles in the open index.</summary>
    public int ArticleCount => Current.Index.Articles.Count;

    /// <summary>The open index, for checking what a language model wrote against the texts retrieved; null while building.</summary>
    public KnowledgeIndex? OpenIndex => Volatile.Read(ref _current)?.Index;

    /// <summary>Answered once when an index opens, so that the answer path is warm before the first citizen.</summary>
    private const string WarmUpQuestion = "单位拖欠工资不给怎么办";

    private Snapshot Current => Volatile.Read(ref _current)
        ?? throw new InvalidOperationException("The knowledge index is still being built.");

    /// <summary>Builds the index if its sources changed, then opens it.</summary>
    public IndexBuildReport Load(KnowledgeOptions options, IProgress<IndexBuildProgress>? progress = null, bool forceRebuild = false)
    {
        var pack = options.GuidePackPath ?? GuidePack.DefaultPath;
        try
        {
            var report = KnowledgeIndexBuilder.EnsureBuilt(options.IndexPath, pack, options.CorpusPaths, forceRebuild, progress);
            Open(report.Folder);
            return report;
        }
        catch
        {
            // Nobody should keep waiting for an index that will not come.
            _ready.TrySetResult();
            throw;
        }
    }

    /// <summary>Opens an index folder and makes it the current one.</summary>
    public void Open(string folder)
    {
        var index = KnowledgeIndex.Open(folder);
        var retriever = new Retriever(index);
        var routes = new RouteCatalog(index.Guides);
        var composer = new AnswerComposer(index, retriever, routes);
        // One answer before the index is served: the first citizen after a start would otherwise wait for the analyzer
        // and the answer path to warm up (close to a second on a busy machine, which a WeChat passive reply cannot spare).
        composer.Ask(WarmUpQuestion, null);
        var snapshot = new Snapshot(index, retriever, new QueryCache<(string Question, string? Lead), AskResult>(k => composer.Ask(k.Question, k.Lead)), null!, routes);
        snapshot = snapshot with { Searches = new QueryCache<(string Query, int Top), SearchResult>(k => Search(snapshot, k.Query, k.Top)) };
        var previous = Interlocked.Exchange(ref _current, snapshot);
        _ready.TrySetResult();
        // Queries already running on the previous index finish against their own reader; give them a moment.
        if (previous is not null) _ = Task.Delay(TimeSpan.FromSeconds(30)).ContinueWith(_ => { previous.Index.Dispose(); previous.Answers.Dispose(); previous.Searches.Dispose(); }, TaskScheduler.Default);
    }

    public AskResult Ask(string question)
    {
        if (string.IsNullOrWhiteSpace(question)) throw new ArgumentException("问题不能为空。", nameof(question));
        return Current.Answers.Get((question.Trim(), null));
    }

    /// <summary>
    /// The answer to <paramref name="question"/> led by one of its <see cref="AskResult.Candidates"/> (a guide id) rather
    /// than by the best-ranked one; the same retrieval, so the other citations and the routes stay as they were.
    /// </summary>
    public AskResult Ask(string question, string leadGuide)
    {
        if (string.IsNullOrWhiteSpace(question)) throw new ArgumentException("问题不能为空。", nameof(question));
        return Current.Answers.Get((question.Trim(), leadGuide));
    }

    public Retrieval Retrieve(string question) => Current.Retriever.Retrieve(question);

    public SearchResult Search(string query, int top = 10)
    {
        if (string.IsNullOrWhiteSpace(query)) throw new ArgumentException("搜索词不能为空。", nameof(query));
        // Results are immutable records, so a repeated search is served from the cache as is.
        return Current.Searches.Get((query.Trim(), Math.Clamp(top, 1, 50)));
    }

    private static SearchResult Search(Snapshot snapshot, string query, int top)
    {
        var retrieval = snapshot.Retriever.Retrieve(query);
        var highlighter = new Highlighter(new SimpleHTMLFormatter("<em>", "</em>"), new QueryScorer(retrieval.HighlightQuery))
        {
            TextFragmenter = new SimpleFragmenter(80),
        };
        var hits = new List<SearchHit>();
        foreach (var ranked in retrieval.Articles.Take(top))
        {
            var title = snapshot.Index.TitleOf(ranked.Ref.File);
            var label = ChineseNumeral.ArticleLabel(ranked.Ref.Number);
            if (snapshot.Index.Articles.TryGetValue((ranked.Ref.File, ranked.Ref.Number), out var article))
            {
                // Term vectors spare a second pass of the Chinese analyzer over the article.
                var doc = snapshot.Index.ArticleDocs[(ranked.Ref.File, ranked.Ref.Number)];
                using var stream = TokenSources.GetAnyTokenStream(snapshot.Index.Searcher.IndexReader, doc, IndexFields.Text, snapshot.Index.Analyzer);
                hits.Add(new SearchHit(title, article.DocumentFile, label, article.Number, article.Path, article.Text,
                    Highlight(highlighter, stream, article.Text), ranked.Score));
            }
            else if (ExplainerOf(snapshot.Index, ranked) is { } guide)
            {
                // Statute text not loaded: show our own explanation of the article instead.
                var text = TextSnippets.Lead(guide.Body, 300);
                using var stream = snapshot.Index.Analyzer.GetTokenStream(IndexFields.Text, text);
                hits.Add(new SearchHit(title, ranked.Ref.File, label, ranked.Ref.Number, "", text,
                    Highlight(highlighter, stream, text), ranked.Score));
            }
        }
        return new SearchResult(hits);
    }

    /// <summary>Our guide that is mainly about the article, else the one that led to it.</summary>
    private static GuideEntry? ExplainerOf(KnowledgeIndex index, RankedArticle ranked) =>
        index.Guides.FirstOrDefault(g => g.Cites.Count > 0 && g.Cites[0] == ranked.Ref) ?? ranked.Guide;

    private static string Highlight(Highlighter highlighter, Lucene.Net.Analysis.TokenStream stream, string text)
    {
        var fragment = highlighter.GetBestFragments(stream, text, 2, " … ");
        return string.IsNullOrEmpty(fragment) ? TextSnippets.Cut(text, 80) : fragment;
    }

    public void Dispose()
    {
        _current?.Index.Dispose();
        _current?.Answers.Dispose();
        _current?.Searches.Dispose();
    }
}
