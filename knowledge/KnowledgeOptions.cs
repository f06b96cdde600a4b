namespace PetitionBot.Knowledge;

/// <summary>Bound from the "Knowledge" configuration section.</summary>
public sealed class KnowledgeOptions
{
    public const string Section = "Knowledge";

    /// <summary>Folders of official statute texts (markdown + manifest.json), e.g. ../shared/corpus.</summary>
    public List<string> CorpusPaths { get; set; } = [];

    /// <summary>Where the Lucene index lives; built on first start.</summary>
    public string IndexPath { get; set; } = "data/index";

    /// <summary>The project's own guide pack; defaults to the copy shipped next to the binaries.</summary>
    public string? GuidePackPath { get; set; }
}
