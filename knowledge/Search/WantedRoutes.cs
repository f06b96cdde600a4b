using System.Text.RegularExpressions;

namespace PetitionBot.Knowledge.Search;

/// <summary>
/// "在哪里举报", "请政府管管", "要求有关部门介入": the person wants an authority to act on the other side, not to sue it.
/// When such a question also fits a complaint route (劳动监察, 12315, 行政投诉), that route comes first.
/// </summary>
public static partial class WantedRoutes
{
    [GeneratedRegex("举报|投诉|查处|介入|监督|政府(部门)?(能|要|管|出面|帮)|有关部门|相关部门|哪个部门管|谁来管|管不管|管吗|管管")]
    private static partial Regex Authority();

    public static readonly string[] Complaints = ["labor-inspection", "consumer-complaint", "administrative-complaint"];

    public const float ComplaintBoost = 1.6f;

    public static bool AsksAuthority(string question) => Authority().IsMatch(question);
}
