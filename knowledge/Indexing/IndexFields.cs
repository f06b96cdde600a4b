using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace PetitionBot.Knowledge.Indexing;

/// <summary>Field names and analyzers shared by the index writer and the searcher.</summary>
public static class IndexFields
{
    public const string Type = "type";            // "article" | "guide"
    public const string File = "file";
    public const string Number = "number";
    public const string Id = "id";
    public const string Json = "json";            // the whole record, to rebuild it without the source files
    public const string Text = "text";            // SmartCn words, stored with term vectors for highlighting
    public const string TextBigrams = "text_bi";  // CJK bigrams, for recall on colloquial wording
    public const string Questions = "questions";
    public const string QuestionsBigrams = "questions_bi";
    public const string Title = "title";
    public const string TitleBigrams = "title_bi";
    public const string Cites = "cites";

    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    public static Analyzer CreateAnalyzer()
    {
        var words = new SmartChineseAnalyzer(Version);
        var bigrams = new CJKAnalyzer(Version);
        return new PerFieldAnalyzerWrapper(words, new Dictionary<string, Analyzer>
        {
            [TextBigrams] = bigrams,
            [QuestionsBigrams] = bigrams,
            [TitleBigrams] = bigrams,
        });
    }

    /// <summary>Every word the SmartCn analyzer finds in a text, repeats included.</summary>
    public static IEnumerable<string> Words(Analyzer analyzer, string text)
    {
        var words = new List<string>();
        using var stream = analyzer.GetTokenStream(Text, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) words.Add(term.ToString());
        stream.End();
        return words;
    }

    /// <summary>The distinct terms the analyzer makes of a text for a field.</summary>
    public static List<string> Terms(Analyzer analyzer, string field, string text)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            var t = term.ToString();
            if (!terms.Contains(t)) terms.Add(t);
        }
        stream.End();
        return terms;
    }
}
