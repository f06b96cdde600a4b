using System.Text.Json;
using System.Text.Json.Serialization;
using PetitionBot.Knowledge.Search;

namespace PetitionBot.Knowledge.Referrals;

/// <summary>
/// A department that handles a matter our statutes do not cover (有权处理的部门，转介): 住房公积金 → 12329 and so on.
/// Shown instead of a loosely related article, with no citation.
/// </summary>
public sealed record Referral(string Id, string Topic, string Department, string Hotline, string Online)
{
    [JsonIgnore] public IReadOnlyList<string> Cues { get; init; } = [];
    [JsonIgnore] public IReadOnlyList<string> Unless { get; init; } = [];

    /// <summary>The question with every one of this referral's cues blanked out, longest first: what else it says.</summary>
    public string WithoutCues(string question) =>
        Cues.OrderByDescending(c => c.Length).Aggregate(question, (q, cue) => q.Replace(cue, "，", StringComparison.OrdinalIgnoreCase));
}

/// <summary>The referral catalogue (referrals.json in the knowledge pack), checked in file order.</summary>
public sealed class ReferralCatalog
{
    public const string GeneralId = "general";

    public static readonly ReferralCatalog Empty = new([], [], []);

    public IReadOnlyList<Referral> All { get; }

    /// <summary>Words that make any question a dispute our laws cover (违法, 起诉, 报警 …): no referral then.</summary>
    public IReadOnlyList<string> DisputeWords { get; }

    /// <summary>
    /// Words of public affairs (政府, 部门, 小区, 补贴 …): a question with one of them that nothing of ours answers is a
    /// government matter for 12345, not chit-chat to decline.
    /// </summary>
    public IReadOnlyList<string> PublicMatterWords { get; }

    public ReferralCatalog(IReadOnlyList<Referral> referrals, IReadOnlyList<string> disputeWords, IReadOnlyList<string> publicMatterWords)
    {
        All = referrals;
        DisputeWords = disputeWords;
        PublicMatterWords = publicMatterWords;
    }

    public Referral? General => All.FirstOrDefault(r => r.Id == GeneralId);

    /// <summary>
    /// The referral a question is about: one of its cues is there and none of the words that make it a dispute our
    /// laws cover ("公司不给交社保" is a labour dispute, "社保卡怎么办" is not).
    /// </summary>
    public Referral? Match(string question)
    {
        if (IsDispute(question)) return null;
        foreach (var r in All)
        {
            if (!r.Cues.Any(c => Cues.Contains(question, c))) continue;
            // An unless word counts only outside the cues: the 工资 of 退休工资 does not make a pension question a wage dispute.
            var rest = r.WithoutCues(question);
            if (r.Unless.Any(u => rest.Contains(u, StringComparison.Ordinal))) continue;
            return r;
        }
        return null;
    }


    /// <summary>The question speaks of a dispute (违法, 起诉, 报警 …): it stays a legal question.</summary>
    public bool IsDispute(string question) => DisputeWords.Any(w => question.Contains(w, StringComparison.Ordinal));

    public Referral? Find(string id) => All.FirstOrDefault(r => r.Id == id);

    /// <summary>The 12345 referral for a question nothing of ours answers, when it speaks of public affairs; else null.</summary>
    public Referral? FallbackFor(string question) =>
        PublicMatterWords.Any(w => question.Contains(w, StringComparison.Ordinal)) ? General : null;

    public static ReferralCatalog Parse(string json)
    {
        var file = JsonSerializer.Deserialize<FileShape>(json, Options)
            ?? throw new FormatException("referrals.json is empty.");
        return new ReferralCatalog(file.Referrals.Select(r => new Referral(
                Required(r.Id, "id"), Required(r.Topic, "topic"), Required(r.Department, "department"), r.Hotline ?? "", r.Online ?? "")
            { Cues = r.Cues ?? [], Unless = r.Unless ?? [] }).ToList(), file.DisputeWords ?? [], file.PublicMatterWords ?? []);
    }

    private static string Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new FormatException($"referrals.json: every referral needs '{name}'.") : value;

    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    private sealed record Entry(string? Id, string? Topic, string? Department, string? Hotline, string? Online,
        List<string>? Cues, List<string>? Unless);

    private sealed record FileShape(List<Entry> Referrals, List<string>? DisputeWords = null, List<string>? PublicMatterWords = null);

    /// <summary>The catalogue as stored with an index: the same JSON it was read from.</summary>
    public static string Serialize(ReferralCatalog catalog) => JsonSerializer.Serialize(new FileShape(catalog.All.Select(r =>
        new Entry(r.Id, r.Topic, r.Department, r.Hotline, r.Online, [.. r.Cues], [.. r.Unless])).ToList(), [.. catalog.DisputeWords],
        [.. catalog.PublicMatterWords]));
}
