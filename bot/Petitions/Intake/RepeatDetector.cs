using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Petitions.Intake;

/// <summary>The matter a citizen is about to file, as compared with what they filed before.</summary>
public sealed record Matter(string? ConcernedUnit, string Field, string Request, string FactsAndReasons);

/// <summary>An earlier petition of the same person about a similar matter.</summary>
/// <param name="ThroughRecheck">
/// True when the earlier matter has had its 复核 (or was closed, 终结): 信访工作条例 第三十六条 — the same facts and reasons are
/// not accepted again.
/// </param>
/// <param name="SameFacts">The facts and reasons read largely the same as before (not just the same unit and field).</param>
/// <param name="SamePhone">
/// The earlier petition gave the same phone number too. Only then may the citizen be told about it: an ID number alone
/// can be someone else's, and its earlier petition's number and status are that person's business.
/// </param>
public sealed record RepeatMatch(Petition Earlier, bool ThroughRecheck, bool SameFacts, bool SamePhone);

/// <summary>重复信访 at intake: finds the same person's (by ID hash) earlier petition about a similar matter.</summary>
public sealed class RepeatDetector(PetitionDbContext db)
{
    public async Task<RepeatMatch?> FindAsync(string idNumberHash, string phone, Matter matter, CancellationToken cancellationToken = default)
    {
        var earlier = await db.Petitions.AsNoTracking()
            .Where(p => p.IdNumberHash == idNumberHash && p.Status != PetitionStatus.Cancelled)
            .OrderByDescending(p => p.ReceivedUtc)
            .Take(20)
            .ToListAsync(cancellationToken);

        var similar = earlier.Where(p => IsSimilar(matter, p)).ToList();
        // The same person's own earlier petition first: that is the one they may be told about.
        var match = similar.FirstOrDefault(p => p.Phone == phone) ?? similar.FirstOrDefault();
        return match is null ? null : new RepeatMatch(match, IsThroughRecheck(match), HasSameFacts(matter, match), match.Phone == phone);
    }

    public static bool IsThroughRecheck(Petition p) => p.Status == PetitionStatus.Closed || p.RecheckedUtc is not null;

    /// <summary>
    /// Same unit and field, or largely the same words. Character bigrams suit Chinese, which has no spaces between words.
    /// </summary>
    public static bool IsSimilar(Matter matter, Petition p)
    {
        var sameUnit = !string.IsNullOrWhiteSpace(matter.ConcernedUnit) && !string.IsNullOrWhiteSpace(p.ConcernedUnit)
            && Normalize(matter.ConcernedUnit) == Normalize(p.ConcernedUnit);
        if (sameUnit && matter.Field == p.Field) return true;

        var request = Dice(matter.Request, p.Request);
        var all = Dice($"{matter.ConcernedUnit} {matter.Request} {matter.FactsAndReasons}", $"{p.ConcernedUnit} {p.Request} {p.FactsAndReasons}");
        return request >= 0.5 || all >= 0.4 || (sameUnit && all >= 0.25);
    }

    public static bool HasSameFacts(Matter matter, Petition p) =>
        Dice(matter.FactsAndReasons, p.FactsAndReasons) >= 0.4
        || Dice($"{matter.Request} {matter.FactsAndReasons}", $"{p.Request} {p.FactsAndReasons}") >= 0.45;

    private static string Normalize(string text) =>
        new(ChineseText.ToHalfWidth(text).Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    internal static double Dice(string a, string b)
    {
        var x = Bigrams(Normalize(a));
        var y = Bigrams(Normalize(b));
        if (x.Count == 0 || y.Count == 0) return 0;
        var common = x.Count(y.Contains);
        return 2.0 * common / (x.Count + y.Count);
    }

    private static HashSet<string> Bigrams(string s)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < s.Length; i++) set.Add(s.Substring(i, 2));
        return set;
    }
}
