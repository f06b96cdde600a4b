using System.Collections.Concurrent;
using System.Text.Json;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using PetitionBot.Knowledge.Answers;
using PetitionBot.Knowledge.Guides;
using PetitionBot.Knowledge.Referrals;
using PetitionBot.Knowledge.Search;
using PetitionBot.Knowledge.Statutes;

namespace PetitionBot.Knowledge.Indexing;

/// <summary>An opened, immutable index: the Lucene searcher plus the records stored in it.</summary>
public sealed class KnowledgeIndex : IDisposable
{
    private readonly RAMDirectory _directory;
    private readonly DirectoryReader _reader;

    public IndexSearcher Searcher { get; }
    public Analyzer Analyzer { get; }
    public string Folder { get; }

    /// <summary>Loaded statute articles by (file, number).</summary>
    public IReadOnlyDictionary<(string File, int Number), StatuteArticle> Articles { get; }
    /// <summary>Lucene doc id of each loaded article, for term-vector highlighting.</summary>
    public IReadOnlyDictionary<(string File, int Number), int> ArticleDocs { get; }
    /// <summary>Article records by Lucene doc id.</summary>
    public IReadOnlyDictionary<int, StatuteArticle> ArticlesByDoc { get; }
    /// <summary>Guide entries by Lucene doc id.</summary>
    public IReadOnlyDictionary<int, GuideEntry> GuidesByDoc { get; }
    public IReadOnlyList<GuideEntry> Guides { get; }
    /// <summary>Lucene doc id of each guide by guide id, and the guide id of each phrasing document.</summary>
    public IReadOnlyDictionary<string, int> GuideDocById { get; }
    public IReadOnlyDictionary<int, string> PhrasingGuide { get; }
    /// <summary>Real questions the pack learns from, by Lucene doc id.</summary>
    public IReadOnlyDictionary<int, AskedQuestion> AskedByDoc { get; }

    // The index never changes once open, so where a term's postings are is kept once found: a long question looks up a
    // few hundred terms, the common ones again and again across questions. Only terms the index has are kept (the
    // vocabulary bounds them).
    private readonly ConcurrentDictionary<Term, TermContext> _termStates = new();
    private const int MaxTermStates = 200_000;

    // Every term of the fields questions are searched in, read once at open: most of a long question's words and pairs
    // are in no document, and telling so from a set costs nothing, where asking Lucene walks its terms dictionary (and
    // allocates) on every question.
    private readonly Dictionary<string, HashSet<string>> _vocabulary;

    private static readonly string[] SearchedFields =
    [
        IndexFields.Text, IndexFields.TextBigrams, IndexFields.Questions, IndexFields.QuestionsBigrams, IndexFields.Title,
        IndexFields.TitleBigrams,
    ];

    /// <summary>Where a term's postings are in each segment, or null when no document has it.</summary>
    public TermContext? TermState(string field, string text)
    {
        if (_vocabulary.TryGetValue(field, out var known) && !known.Contains(text)) return null;
        var term = new Term(field, text);
        if (_termStates.TryGetValue(term, out var state)) return state;
        var built = TermContext.Build(Searcher.TopReaderContext, term);
        if (built.DocFreq == 0) return null;
        if (_termStates.Count < MaxTermStates) _termStates.TryAdd(term, built);
        return built;
    }

    private static Dictionary<string, HashSet<string>> ReadVocabulary(IndexReader reader)
    {
        var vocabulary = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var field in SearchedFields)
        {
            var words = new HashSet<string>(StringComparer.Ordinal);
            var terms = MultiFields.GetTerms(reader, field)?.GetEnumerator();
            while (terms is not null && terms.MoveNext()) words.Add(terms.Term.Utf8ToString());
            vocabulary[field] = words;
        }
        return vocabulary;
    }

    /// <summary>The documents of each type, for searches within it.</summary>
    public DocTypeFilter GuideFilter { get; }
    public DocTypeFilter PhrasingFilter { get; }
    public DocTypeFilter AskedFilter { get; }
    public DocTypeFilter ArticleFilter { get; }
    /// <summary>Titles and short names: the pack's directory, with titles of loaded statutes taking precedence.</summary>
    public IReadOnlyDictionary<string, DocumentInfo> Documents { get; }
    public Thesaurus Thesaurus { get; }
    public ScopeGuard Scope { get; }
    public AspectLexicon Aspects { get; }
    public HomophoneCorrector Homophones { get; }
    public TraditionalChinese Traditional { get; }
    public ReferralCatalog Referrals { get; }
    public LawClassifier Laws { get; }
    /// <summary>Whether a question is a legal matter ("law") or one of the referral catalogue's matters (by id).</summary>
    public LawClassifier Topics { get; }
    /// <summary>Each guide's paragraphs with the articles they name, by guide id.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<GuideParagraph>> Paragraphs { get; }

    private KnowledgeIndex(string folder)
    {
        Folder = folder;
        // The index is small (a few MB): held in memory, a query's file clones are plain objects. Memory-mapped, each
        // clone is tracked in a weak table whose clean-up kept the finalizer thread busy under load.
        using (var files = FSDirectory.Open(folder)) _directory = new RAMDirectory(files, IOContext.READ_ONCE);
        _reader = DirectoryReader.Open(_directory);
        Searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
        _vocabulary = ReadVocabulary(_reader);
        Analyzer = IndexFields.CreateAnalyzer();

        var articles = new Dictionary<(string, int), StatuteArticle>();
        var articlesByDoc = new Dictionary<int, StatuteArticle>();
        var articleDocs = new Dictionary<(string, int), int>();
        var guides = new Dictionary<int, GuideEntry>();
        var phrasings = new Dictionary<int, string>();
        var asked = new Dictionary<int, AskedQuestion>();
        IndexMeta? meta = null;
        for (var doc = 0; doc < _reader.MaxDoc; doc++)
        {
            var d = _reader.Document(doc);
            var json = d.Get(IndexFields.Json);
            switch (d.Get(IndexFields.Type))
            {
                case "article":
                    var a = JsonSerializer.Deserialize<StatuteArticle>(json)!;
                    articles[(a.DocumentFile, a.Number)] = a;
                    articlesByDoc[doc] = a;
                    articleDocs[(a.DocumentFile, a.Number)] = doc;
                    break;
                case "guide":
                    guides[doc] = JsonSerializer.Deserialize<GuideEntry>(json)!;
                    break;
                case "question":
                    phrasings[doc] = d.Get(IndexFields.Id);
                    break;
                case "asked":
                    asked[doc] = JsonSerializer.Deserialize<AskedQuestion>(json)!;
                    break;
                case "meta":
                    meta = JsonSerializer.Deserialize<IndexMeta>(json);
                    break;
            }
        }
        Articles = articles;
        ArticlesByDoc = articlesByDoc;
        ArticleDocs = articleDocs;
        GuidesByDoc = guides;
        Guides = guides.Values.ToList();
        _cited = Guides.SelectMany(g => g.Cites).ToHashSet();
        GuideDocById = guides.ToDictionary(kv => kv.Value.Id, kv => kv.Key);
        PhrasingGuide = phrasings;
        AskedByDoc = asked;
        GuideFilter = new DocTypeFilter(Searcher, "guide", guides.Keys);
        PhrasingFilter = new DocTypeFilter(Searcher, "question", phrasings.Keys);
        AskedFilter = new DocTypeFilter(Searcher, "asked", asked.Keys);
        ArticleFilter = new DocTypeFilter(Searcher, "article", articlesByDoc.Keys);
        var documents = new Dictionary<string, DocumentInfo>();
        foreach (var d in meta?.Documents ?? []) documents[d.File] = d;
        foreach (var d in meta?.Loaded ?? [])
            documents[d.File] = documents.TryGetValue(d.File, out var known) ? known with { Title = d.Title } : d;
        Documents = documents;
        Thesaurus = Thesaurus.Parse(meta?.Thesaurus ?? []);
        Scope = ScopeGuard.Parse(meta?.OutOfScope ?? []);
        Aspects = AspectLexicon.Parse(meta?.Aspects ?? []);
        Referrals = meta?.Referrals is { } referrals ? ReferralCatalog.Parse(referrals) : ReferralCatalog.Empty;
        var phrasingsOf = Guides.Select(g => g.Questions.Append(g.Title)).SelectMany(x => x).ToList();
        Traditional = TraditionalChinese.Parse(meta?.Traditional ?? []);
        Homophones = new HomophoneCorrector(HomophoneCorrector.ParseReadings(meta?.Pinyin ?? []),
            meta?.DomainWords ?? [],
            phrasingsOf.Concat(Guides.Select(g => g.Body)).Concat(Thesaurus.Lines).Concat(Articles.Values.Select(a => a.Text))
                .Concat(Documents.Values.SelectMany(d => d.Short.Append(d.Title)))
                .Concat(Referrals.All.SelectMany(r => r.Cues.Concat(r.Unless))).Concat(Referrals.DisputeWords).Concat(Scope.Lines));
        Laws = new LawClassifier(Guides.Where(g => LawClassifier.LawOf(g) is not null)
            .SelectMany(g => g.Questions.Append(g.Title).Select(q => (q, LawClassifier.LawOf(g)!)))
            .Concat(asked.Values.Where(a => a.Answers.Count > 0).Select(a => (a.Question, a.Answers[0].File))));
        // Learned from all our phrasings on one side, the catalogue's own words and the real referred questions on the other.
        Topics = new LawClassifier(Guides.SelectMany(g => g.Questions).Concat(asked.Values.Where(a => a.Answers.Count > 0).Select(a => a.Question)).Select(q => (q, LawTopic))
            .Concat(Referrals.All.SelectMany(r => r.Cues.Append(r.Topic).Select(c => (c, r.Id))))
            .Concat((meta?.Referred ?? []).Select(a => (a.Question, a.Referral!))));
        var paragraphs = new GuideParagraphs(Documents.Values, Knows);
        Paragraphs = Guides.ToDictionary(g => g.Id, g => paragraphs.Split(g));
    }

    public static KnowledgeIndex Open(string folder) => new(folder);

    /// <summary>The <see cref="Topics"/> label of everything our laws answer.</summary>
    public const string LawTopic = "law";

    /// <summary>True when the article's text is loaded or one of our guides cites it.</summary>
    public bool Knows(ArticleRef article) =>
        Articles.ContainsKey((article.File, article.Number)) || _cited.Contains(article);

    private readonly HashSet<ArticleRef> _cited;

    public string TitleOf(string file) =>
        Documents.TryGetValue(file, out var d) ? d.Title : Path.GetFileNameWithoutExtension(file);

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        Analyzer.Dispose();
    }
}
