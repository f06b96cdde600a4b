using Lucene.Net.Index;
using Lucene.Net.Search;
using PetitionBot.Knowledge.Guides;
using PetitionBot.Knowledge.Indexing;

namespace PetitionBot.Knowledge.Search;

/// <summary>An article candidate, with the guide that led to it (if any).</summary>
public sealed record RankedArticle(ArticleRef Ref, float Score, GuideEntry? Guide);

public sealed record ScoredGuide(GuideEntry Guide, float Score);

public sealed record ScoredRoute(string Id, float Score);

/// <summary>Everything one question retrieves, before an answer is composed.</summary>
public sealed record Retrieval(
    IReadOnlyList<RankedArticle> Articles,
    IReadOnlyList<ScoredGuide> Guides,
    IReadOnlyList<ScoredRoute> Routes,
    float TopGuideScore,
    float TopArticleScore,
    bool DomainVocabulary,
    IReadOnlyList<ArticleReference> References,
    IReadOnlyList<string> Words)
{
    /// <summary>The question's words as a query for highlighting them in a statute's text; built only for a search.</summary>
    public Query HighlightQuery
    {
        get
        {
            var q = new BooleanQuery();
            foreach (var word in Words.Take(Retriever.MaxTermsPerField))
                if (word.Length > 0) q.Add(new TermQuery(new Term(IndexFields.Text, word)), Occur.SHOULD);
            return q;
        }
    }

    /// <summary>
    /// When the real question asked before that is nearest to this one was referred to a department: its id, and its
    /// score as a share of the best match of all (1 when nothing of ours matched better).
    /// </summary>
    public (string Id, float Share)? NearestReferral { get; init; }

    /// <summary>
    /// When the real question asked before that is nearest to this one was answered from our laws: the articles that
    /// answered it, and its score as a share of the best match of all.
    /// </summary>
    public (IReadOnlyList<ArticleRef> Answers, float Share)? NearestAnswered { get; init; }

    /// <summary>The question is only a look-up of the articles it names.</summary>
    public bool LookupOnly { get; init; }

    /// <summary>The question as searched: homophones of our terms corrected (信仿 → 信访).</summary>
    public string Searched { get; init; } = "";

    /// <summary>The aspects asked about (fee, deadline, venue …), from aspects.txt.</summary>
    public IReadOnlyList<string> Aspects { get; init; } = [];

    /// <summary>How likely the dispute belongs to each law, from all the question's words.</summary>
    public IReadOnlyDictionary<string, float> Laws { get; init; } = new Dictionary<string, float>();
}

/// <summary>
/// Ranks statute articles for a question: exact references first, then the articles our guides cite for
/// the guides whose everyday phrasings match best, blended with direct statute matches.
/// </summary>
public sealed class Retriever(KnowledgeIndex index)
{
    private const int MaxQuestionLength = 500;
    private readonly ArticleReferenceParser _references = new(index.Documents.Values);

    public ArticleReferenceParser References => _references;

    public Retrieval Retrieve(string question)
    {
        if (question.Length > MaxQuestionLength) question = question[..MaxQuestionLength];
        question = index.Traditional.Simplify(question);
        // Article references are read as typed: a document's name is not a typo.
        var references = _references.Parse(question);
        var mentioned = _references.MentionedFiles(question);
        var lookupOnly = references.Count > 0 && _references.IsLookupOnly(question);
        question = index.Homophones.Correct(question);
        var expansions = index.Thesaurus.Expand(question).ToList();
        var wanted = UnwantedRoutes.Strip(question);
        var laws = index.Laws.Classify(wanted);
        var expanded = string.Join(' ', expansions.Prepend(wanted));

        var words = IndexFields.Terms(index.Analyzer, IndexFields.Text, expanded);
        var bigrams = IndexFields.Terms(index.Analyzer, IndexFields.TextBigrams, expanded);
        var rawGuideHits = SearchGuides(words, bigrams, Normalized(question));
        // How well anything matched at all is judged before the law reweighs (it decides whether to answer).
        var rawTopGuide = rawGuideHits.Count > 0 ? rawGuideHits[0].Score : 0f;
        var guideHits = Reweigh(rawGuideHits, laws);
        // Statute wording is matched without the document's own name ("示例街道议事规则 居委会答复": 居委会答复 is what is
        // asked; the name already boosts its document).
        var articleHits = mentioned.Count == 0 ? SearchArticles(words, bigrams)
            : SearchArticles(IndexFields.Terms(index.Analyzer, IndexFields.Text, _references.WithoutNames(expanded)),
                IndexFields.Terms(index.Analyzer, IndexFields.TextBigrams, _references.WithoutNames(expanded)));
        var topGuide = guideHits.Count > 0 ? guideHits[0].Score : 0f;
        var topArticle = articleHits.Count > 0 ? articleHits[0].Score : 0f;

        var scores = new Dictionary<ArticleRef, (float Score, GuideEntry? Guide)>();
        void Add(ArticleRef r, float s, GuideEntry? g)
        {
            if (mentioned.Count > 0) s *= mentioned.Contains(r.File) ? 1.5f : 0.6f;
            if (!scores.TryGetValue(r, out var cur)) scores[r] = (s, g);
            else scores[r] = (Math.Max(cur.Score, s) + 0.1f * Math.Min(cur.Score, s), cur.Score >= s ? cur.Guide : g);
        }

        foreach (var r in references)
            foreach (var file in r.Files)
                if (index.Knows(new ArticleRef(file, r.Number)))
                    Add(new ArticleRef(file, r.Number), lookupOnly ? 10f : ReferenceAsContext, null);

        foreach (var (guide, score, _) in guideHits)
        {
            var relative = topGuide > 0 ? score / topGuide : 0;
            for (var i = 0; i < guide.Cites.Count; i++)
                Add(guide.Cites[i], relative * (i == 0 ? 1f : 0.75f - 0.04f * Math.Min(i, 8)), guide);
        }
        // Real questions asked before: the nearest ones vote for the articles that answered them.
        var askedHits = SearchAsked(words, bigrams);
        var topAsked = askedHits.Count > 0 ? askedHits[0].Score : 0f;
        foreach (var (asked, score) in askedHits)
        {
            if (asked.Answers.Count == 0) continue; // a referred question votes for no article
            var relative = score / Math.Max(topGuide, topAsked) * AskedWeight;
            for (var i = 0; i < asked.Answers.Count && i < 3; i++)
                Add(asked.Answers[i], relative * (i == 0 ? 1f : 0.8f), null);
        }
        foreach (var (article, score, _) in articleHits)
        {
            var relative = topArticle > 0 ? score / topArticle : 0;
            // Statute wording counts less than our curated phrasings, more when no guide matched well.
            var weight = topGuide >= GuideConfident ? ArticleWeight : 0.8f;
            Add(new ArticleRef(article.DocumentFile, article.Number), relative * weight, null);
        }

        // The articles of the law the dispute belongs to come first, whichever source found them.
        if (laws.Count > 0 && !lookupOnly)
            foreach (var key in scores.Keys.ToList())
                scores[key] = (scores[key].Score * (ArticleLawFloor + (1 - ArticleLawFloor) * MathF.Sqrt(laws.GetValueOrDefault(key.File))), scores[key].Guide);
        if (!lookupOnly)
        {
            var pairs = HanPairs.Of(question).Distinct(StringComparer.Ordinal).ToList();
            var top = scores.Count > 0 ? scores.Values.Max(v => v.Score) : 0f;
            foreach (var key in scores.Keys.ToList())
            {
                var (score, guide) = scores[key];
                // Only candidates near the best are reordered, and only by statute text that is loaded.
                if (pairs.Count == 0 || score < top * 0.5f || !index.Articles.TryGetValue((key.File, key.Number), out var article)) continue;
                var overlap = (float)pairs.Count(p => article.Text.Contains(p, StringComparison.Ordinal)) / pairs.Count;
                scores[key] = (score * (1 + OverlapBoost * overlap), guide);
            }
        }
        var ranked = scores.OrderByDescending(kv => kv.Value.Score)
            .Select(kv => new RankedArticle(kv.Key, kv.Value.Score, kv.Value.Guide)).ToList();

        // A route's score is its best guide's, plus a little for every other guide that agrees: the best-matching
        // guide should decide, while a crowd of weaker matches only breaks ties.
        var best = new Dictionary<string, float>();
        var support = new Dictionary<string, float>();
        void Vote(IReadOnlyList<string> routeIds, float weight)
        {
            for (var i = 0; i < routeIds.Count; i++)
            {
                var s = weight / (1 + i * 0.5f);
                var id = routeIds[i];
                if (s > best.GetValueOrDefault(id)) { support[id] = support.GetValueOrDefault(id) + best.GetValueOrDefault(id); best[id] = s; }
                else support[id] = support.GetValueOrDefault(id) + s;
            }
        }
        foreach (var (guide, score, _) in guideHits.Take(6))
        {
            var relative = topGuide > 0 ? score / topGuide : 0;
            // A route comes only from a guide close to the best: a weak match's route does not fit the dispute.
            if (relative >= RouteGuideShare) Vote(guide.Routes, relative * relative * (guide.Kind == "route" ? 1f : 0.95f));
        }
        // Real questions asked before vote for the routes that answered them, as the guides do, a little less.
        foreach (var (asked, score) in askedHits)
        {
            var relative = score / Math.Max(topGuide, topAsked);
            if (relative >= RouteGuideShare && asked.Answers.Count > 0) Vote(asked.Routes, relative * relative * AskedRouteWeight);
        }
        var routes = best.ToDictionary(kv => kv.Key, kv => kv.Value + 0.15f * support.GetValueOrDefault(kv.Key));
        var routeList = routes.OrderByDescending(kv => kv.Value).Select(kv => new ScoredRoute(kv.Key, kv.Value)).ToList();

        return new Retrieval(ranked, guideHits.Select(h => new ScoredGuide(h.Guide, h.Score)).ToList(), routeList,
            rawTopGuide, topArticle, index.Thesaurus.Mentions(question), references, words)
        {
            Searched = question,
            NearestReferral = askedHits.Count > 0 && askedHits[0].Asked.Referral is { } referral
                ? (referral, askedHits[0].Score / Math.Max(rawTopGuide, askedHits[0].Score)) : null,
            NearestAnswered = askedHits.Count > 0 && askedHits[0].Asked.Answers.Count > 0
                ? (askedHits[0].Asked.Answers, askedHits[0].Score / Math.Max(rawTopGuide, askedHits[0].Score)) : null,
            LookupOnly = lookupOnly,
            Aspects = index.Aspects.AskedIn(question),
            Laws = laws,
        };
    }

    /// <summary>
    /// Guides of the law the whole question points to gain, others lose: one shared word ("违约金") should not carry a
    /// lease question to the labour-contract guides.
    /// </summary>
    private static List<(GuideEntry Guide, float Score, int Doc)> Reweigh(List<(GuideEntry Guide, float Score, int Doc)> hits,
        IReadOnlyDictionary<string, float> laws)
    {
        if (laws.Count == 0) return hits;
        return hits.Select(h => (h.Guide, h.Score * LawFactor(h.Guide, laws), h.Doc))
            .OrderByDescending(h => h.Item2).ToList();
    }

    private static float LawFactor(GuideEntry guide, IReadOnlyDictionary<string, float> laws) =>
        LawClassifier.LawOf(guide) is { } law ? LawFloor + (1 - LawFloor) * MathF.Sqrt(laws.GetValueOrDefault(law)) : 1f;

    /// <summary>
    /// How much the question's own wording in an article's text lifts it among the close candidates: the guide that led
    /// to several articles cannot tell which one speaks of what was asked ("出裁决" → the article on the 45 days).
    /// </summary>
    private const float OverlapBoost = 0.5f;

    private const float AskedRouteWeight = 0.9f;
    private const float LawFloor = 0.45f;
    private const float RouteGuideShare = 0.7f;
    private const float ArticleLawFloor = 0.8f;

    /// <summary>An article named inside a longer question ranks with a fair match, not above everything.</summary>
    private const float ReferenceAsContext = 0.7f;

    /// <summary>Raw BM25 score above which the best guide is trusted over statute wording.</summary>
    public const float GuideConfident = 12f;

    /// <summary>Weight of a direct statute match relative to the articles a confident guide cites.</summary>
    private const float ArticleWeight = 0.75f;

    private List<(GuideEntry Guide, float Score, int Doc)> SearchGuides(List<string> words, List<string> bigrams, string asked)
    {
        var should = new BooleanQuery();
        AddTerms(should, IndexFields.QuestionsBigrams, bigrams, 1.0f);
        AddTerms(should, IndexFields.Questions, words, 1.2f);
        AddTerms(should, IndexFields.TitleBigrams, bigrams, 0.8f);
        AddTerms(should, IndexFields.Title, words, 0.8f);
        AddTerms(should, IndexFields.TextBigrams, bigrams, 0.25f);
        if (should.Clauses.Count == 0) return [];
        var scores = Search(should, index.GuideFilter, 12).ToDictionary(h => h.Doc, h => h.Score);

        // The best single phrasing of each guide adds to its score.
        var phrasingShould = new BooleanQuery();
        AddTerms(phrasingShould, IndexFields.QuestionsBigrams, bigrams, 1.0f);
        AddTerms(phrasingShould, IndexFields.Questions, words, 1.2f);
        var seen = new HashSet<int>();
        foreach (var sd in phrasingShould.Clauses.Count == 0 ? [] : Search(phrasingShould, index.PhrasingFilter, 40))
        {
            var guideDoc = index.GuideDocById[index.PhrasingGuide[sd.Doc]];
            if (!seen.Add(guideDoc)) continue; // hits come best first: the first is the guide's best phrasing
            scores[guideDoc] = scores.GetValueOrDefault(guideDoc) + sd.Score;
            // A question asked exactly as one of our phrasings ("信访是什么意思") belongs to that guide.
            if (asked.Length > 0 && index.GuidesByDoc[guideDoc].Questions.Any(q => Normalized(q) == asked))
                scores[guideDoc] *= ExactPhrasingBoost;
        }
        return scores.OrderByDescending(kv => kv.Value).Take(12)
            .Select(kv => (index.GuidesByDoc[kv.Key], kv.Value, kv.Key)).ToList();
    }

    private const float ExactPhrasingBoost = 1.5f;

    /// <summary>Han characters, letters and digits only: punctuation and spaces do not make a phrasing different.</summary>
    private static string Normalized(string text) => new(text.Where(char.IsLetterOrDigit).ToArray());

    /// <summary>How much a real question asked before counts against our own guides' phrasings.</summary>
    private const float AskedWeight = 0.9f;

    private List<(AskedQuestion Asked, float Score)> SearchAsked(List<string> words, List<string> bigrams)
    {
        if (index.AskedByDoc.Count == 0) return [];
        var should = new BooleanQuery();
        AddTerms(should, IndexFields.QuestionsBigrams, bigrams, 1.0f);
        AddTerms(should, IndexFields.Questions, words, 1.2f);
        if (should.Clauses.Count == 0) return [];
        return Search(should, index.AskedFilter, 5).Select(h => (index.AskedByDoc[h.Doc], h.Score)).ToList();
    }

    private List<(Statutes.StatuteArticle Article, float Score, int Doc)> SearchArticles(List<string> words, List<string> bigrams)
    {
        if (index.ArticlesByDoc.Count == 0) return [];
        var should = new BooleanQuery();
        AddTerms(should, IndexFields.TextBigrams, bigrams, 1.0f);
        AddTerms(should, IndexFields.Text, words, 1.0f);
        AddTerms(should, IndexFields.Title, words, 0.5f);
        if (should.Clauses.Count == 0) return [];
        return Search(should, index.ArticleFilter, 15).Select(h => (index.ArticlesByDoc[h.Doc], h.Score, h.Doc)).ToList();
    }

    /// <summary>The best documents of one type for the question's terms, scored as if the type were a required clause.</summary>
    private List<(int Doc, float Score)> Search(BooleanQuery terms, DocTypeFilter type, int top) =>
        index.Searcher.Search(terms, type, top).ScoreDocs.Select(sd => (sd.Doc, sd.Score + type.TypeScore)).ToList();

    /// <summary>The question's terms for a field, each a clause; a term no document has adds nothing and is left out.</summary>
    private void AddTerms(BooleanQuery query, string field, List<string> terms, float boost)
    {
        foreach (var text in terms.Take(MaxTermsPerField))
        {
            if (text.Length == 0) continue;
            if (index.TermState(field, text) is { } state) query.Add(new TermQuery(new Term(field, text), state) { Boost = boost }, Occur.SHOULD);
        }
    }

    internal const int MaxTermsPerField = 120;
}
