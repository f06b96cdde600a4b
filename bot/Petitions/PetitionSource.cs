namespace PetitionBot.Bot.Petitions;

/// <summary>
/// 来源: how the petition reached the bureau (来信、来访、电话、网上、领导接访、上级交办). Chat and WeChat petitions are 网上;
/// the others are registered by a clerk at /office/petitions/new.
/// </summary>
public enum PetitionSource
{
    // Online first: the CLR default, and what every petition registered before sources existed was.
    Online,
    Letter,
    Visit,
    Phone,
    LeaderReception,
    Assigned,
}

/// <summary>The one table of a source's wire name (JSON, query strings) and its label (pages, export, 登记表).</summary>
public static class PetitionSources
{
    private static readonly (PetitionSource Source, string Wire, string Label)[] Table =
    [
        (PetitionSource.Letter, "letter", "来信"),
        (PetitionSource.Visit, "visit", "来访"),
        (PetitionSource.Phone, "phone", "电话"),
        (PetitionSource.Online, "online", "网上"),
        (PetitionSource.LeaderReception, "leader-reception", "领导接访"),
        (PetitionSource.Assigned, "assigned", "上级交办"),
    ];

    /// <summary>In the order the form and the dashboard list them.</summary>
    public static IReadOnlyList<PetitionSource> All { get; } = Table.Select(t => t.Source).ToArray();

    public static string Label(PetitionSource source) => Table.First(t => t.Source == source).Label;

    public static string Wire(PetitionSource source) => Table.First(t => t.Source == source).Wire;

    /// <summary>The wire name ("letter"), the label ("来信") or null.</summary>
    public static PetitionSource? Parse(string? value)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v)) return null;
        foreach (var t in Table)
            if (string.Equals(t.Wire, v, StringComparison.OrdinalIgnoreCase) || t.Label == v) return t.Source;
        return null;
    }

    /// <summary>走访 in the sense of 信访工作条例 第二十条: the petitioners came in person.</summary>
    public static bool InPerson(PetitionSource source) => source is PetitionSource.Visit or PetitionSource.LeaderReception;
}
