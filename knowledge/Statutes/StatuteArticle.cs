namespace PetitionBot.Knowledge.Statutes;

/// <summary>One article (条) of a statute, with its place in the law.</summary>
/// <param name="DocumentFile">Corpus file name, the stable id of the document.</param>
/// <param name="DocumentTitle">Full title, e.g. 中华人民共和国民事诉讼法.</param>
/// <param name="Number">Article number.</param>
/// <param name="Path">编/章/节 headings joined by " / ".</param>
/// <param name="Paragraphs">Paragraphs and items, the first beginning after the label.</param>
public sealed record StatuteArticle(
    string DocumentFile,
    string DocumentTitle,
    int Number,
    string Path,
    IReadOnlyList<string> Paragraphs)
{
    public string Label => ChineseNumeral.ArticleLabel(Number);
    public string Text => string.Join("\n", Paragraphs);
}

/// <summary>A parsed statute file.</summary>
public sealed record StatuteDocument(
    string File,
    string Title,
    IReadOnlyList<string> IssuanceLines,
    IReadOnlyList<StatuteArticle> Articles);

/// <summary>A file that could not be parsed: the message names the file and line.</summary>
public sealed class StatuteFormatException(string file, int line, string problem)
    : Exception($"{file}:{line}: {problem}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
}
