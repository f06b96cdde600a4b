using System.Text.RegularExpressions;

namespace PetitionBot.Knowledge.Search;

/// <summary>
/// "我不想打官司" names the court only to rule it out: left in, its words pull the answer to litigation. The phrase is
/// dropped before matching; the thesaurus maps it to what such a person wants instead (调解, 投诉).
/// </summary>
public static partial class UnwantedRoutes
{
    [GeneratedRegex("(不想|不愿意?|不打算|不准备|没打算|不要)(去|跟他|和他|跟公司)?(打官司|起诉|上法院|告状|诉讼|告)")]
    private static partial Regex Unwanted();

    public static string Strip(string question) => Unwanted().Replace(question, " ");
}
