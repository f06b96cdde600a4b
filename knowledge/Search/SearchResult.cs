namespace PetitionBot.Knowledge.Search;

/// <summary>The JSON shape of GET /api/search.</summary>
public sealed record SearchResult(IReadOnlyList<SearchHit> Hits);

public sealed record SearchHit(
    string Document,
    string DocumentFile,
    string Article,
    int ArticleNumber,
    string Path,
    string Text,
    string Highlight,
    float Score);
