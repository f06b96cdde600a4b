using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace PetitionBot.Knowledge.Indexing;

/// <summary>
/// The documents of one type (guide, question, asked, article) as a bit set held in memory, so that a search within a
/// type is the question's terms alone, filtered, instead of a required clause on the type field whose postings were read
/// and scored on every search. That clause added the same score to every document of the type, which
/// <see cref="TypeScore"/> keeps, so that scores, thresholds and order are as they were.
/// </summary>
public sealed class DocTypeFilter : Filter
{
    private readonly FixedBitSet[] _byLeaf;

    /// <summary>What the required type clause added to each hit's score.</summary>
    public float TypeScore { get; }

    public DocTypeFilter(IndexSearcher searcher, string type, IEnumerable<int> docs)
    {
        var leaves = searcher.IndexReader.Leaves;
        _byLeaf = leaves.Select(l => new FixedBitSet(l.Reader.MaxDoc)).ToArray();
        foreach (var doc in docs)
        {
            var leaf = ReaderUtil.SubIndex(doc, leaves);
            _byLeaf[leaf].Set(doc - leaves[leaf].DocBase);
        }
        var top = searcher.Search(new TermQuery(new Term(IndexFields.Type, type)), 1);
        TypeScore = top.ScoreDocs.Length > 0 ? top.ScoreDocs[0].Score : 0f;
    }

    public override DocIdSet GetDocIdSet(AtomicReaderContext context, IBits acceptDocs) =>
        BitsFilteredDocIdSet.Wrap(_byLeaf[context.Ord], acceptDocs);
}
