using Lucene.Net.Index;
using PetitionBot.Knowledge.Indexing;

namespace PetitionBot.Knowledge.Search;

/// <summary>
/// How much of a question's information a document accounts for: the IDF-weighted share of the question's
/// character bigrams that the document contains. Chit-chat and out-of-domain questions share only common
/// bigrams with our texts, so their coverage stays low however the BM25 scores fall.
/// </summary>
public sealed class QueryCoverage(KnowledgeIndex index)
{
    private readonly int _docs = Math.Max(1, index.Searcher.IndexReader.NumDocs);
    private readonly Dictionary<int, HashSet<string>> _bigramsByDoc = new();
    private readonly Lock _gate = new();

    public float Best(string question, IEnumerable<int> docIds)
    {
        var terms = IndexFields.Terms(index.Analyzer, IndexFields.TextBigrams, question);
        if (terms.Count == 0) return 0;
        var weights = terms.Select(Idf).ToArray();
        var total = weights.Sum();
        var best = 0f;
        foreach (var doc in docIds)
        {
            var bigrams = BigramsOf(doc);
            var covered = 0f;
            for (var i = 0; i < terms.Count; i++)
                if (bigrams.Contains(terms[i])) covered += weights[i];
            best = Math.Max(best, covered / total);
        }
        return best;
    }

    private float Idf(string term)
    {
        var reader = index.Searcher.IndexReader;
        var df = reader.DocFreq(new Term(IndexFields.TextBigrams, term)) + reader.DocFreq(new Term(IndexFields.QuestionsBigrams, term));
        return (float)Math.Log(1 + _docs / (df + 1.0));
    }

    private HashSet<string> BigramsOf(int doc)
    {
        lock (_gate)
        {
            if (_bigramsByDoc.TryGetValue(doc, out var cached)) return cached;
        }
        string text;
        if (index.GuidesByDoc.TryGetValue(doc, out var guide))
            text = guide.Title + "\n" + string.Join("\n", guide.Questions) + "\n" + guide.Body;
        else if (index.ArticlesByDoc.TryGetValue(doc, out var article))
            text = article.Path + "\n" + article.Text;
        else text = "";
        var set = IndexFields.Terms(index.Analyzer, IndexFields.TextBigrams, text).ToHashSet();
        lock (_gate) _bigramsByDoc[doc] = set;
        return set;
    }
}
