using System.Text.RegularExpressions;
using PetitionBot.Bot.Petitions.Validation;

namespace PetitionBot.Bot.Petitions.PersonalData;

/// <summary>Masks personal data inside free text (transcripts, logs) and names for display.</summary>
public static partial class Masking
{
    [GeneratedRegex(@"(?<![0-9])[1-9]\d{5}(?:19|20)\d{9}[0-9Xx](?![0-9])")]
    private static partial Regex IdNumbers();

    [GeneratedRegex(@"(?<![0-9])1[3-9]\d{9}(?![0-9])")]
    private static partial Regex Mobiles();

    [GeneratedRegex(@"(?<![0-9])0\d{2,3}-?[2-9]\d{6,7}(?![0-9])")]
    private static partial Regex Landlines();

    /// <summary>Replaces ID numbers and phone numbers in a text by their masked forms.</summary>
    public static string MaskText(string text)
    {
        var masked = IdNumbers().Replace(text, m => IdNumber.Mask(m.Value.ToUpperInvariant()));
        masked = Mobiles().Replace(masked, m => PhoneNumber.Mask(m.Value));
        return Landlines().Replace(masked, m => PhoneNumber.Mask(m.Value.Contains('-') ? m.Value : m.Value[..3] + "-" + m.Value[3..]));
    }

    /// <summary>Masks ID numbers only (phones stay, e.g. in a description that pre-fills the form).</summary>
    public static string MaskIdNumbers(string text) => IdNumbers().Replace(text, m => IdNumber.Mask(m.Value.ToUpperInvariant()));

    /// <summary>张三 → 张*, 欧阳娜娜 → 欧***.</summary>
    public static string MaskName(string name) =>
        string.IsNullOrEmpty(name) ? name : name[0] + new string('*', Math.Max(1, name.Length - 1));
}
