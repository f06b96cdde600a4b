namespace PetitionBot.Knowledge.Guides;

/// <summary>A statute article referenced as file#number, e.g. xinfang-gongzuo-tiaoli-2022.md#34.</summary>
public readonly record struct ArticleRef(string File, int Number)
{
    public static ArticleRef Parse(string text)
    {
        var hash = text.LastIndexOf('#');
        if (hash <= 0 || !int.TryParse(text.AsSpan(hash + 1), out var n))
            throw new FormatException($"'{text}' is not a citation of the form file.md#number.");
        return new ArticleRef(text[..hash].Trim(), n);
    }

    public override string ToString() => $"{File}#{Number}";
}

/// <summary>One entry of our own knowledge pack: a plain-language guide citing the articles it rests on.</summary>
/// <param name="Kind">route | explainer | law-note.</param>
/// <param name="Questions">Everyday phrasings of the questions the entry answers.</param>
public sealed record GuideEntry(
    string Id,
    string Kind,
    string Title,
    IReadOnlyList<string> Routes,
    IReadOnlyList<ArticleRef> Cites,
    IReadOnlyList<string> Questions,
    string Body,
    string? Handler,
    string? Deadline,
    string SourceFile);

/// <summary>Title and short names of a statute the pack cites (documents.json).</summary>
public sealed record DocumentInfo(string File, string Title, IReadOnlyList<string> Short, bool Default);
