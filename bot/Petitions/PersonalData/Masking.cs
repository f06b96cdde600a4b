using System.Text.RegularExpressions;
using PetitionBot.Bot.Petitions.Validation;

namespace PetitionBot.Bot.Petitions.PersonalData;

/// <summary>
/// The one place personal data is masked: in free text (transcripts, notes, reasons) before it is stored or shown, and
/// phone numbers and names for display. Every role sees masked values until it reveals them on purpose.
/// </summary>
public static partial class Masking
{
    [GeneratedRegex(@"(?<![0-9])[1-9]\d{5}(?:18|19|20)\d{9}[0-9Xx](?![0-9])")]
    private static partial Regex IdNumbers();

    [GeneratedRegex(@"(?<![0-9])0\d{2,3}-[2-9]\d{6,7}(?![0-9])")]
    private static partial Regex Landlines();

    // Any other run of 7 or more digits, valid or not (a mistyped phone number is still someone's phone number), except
    // the digits of a tracking number (XF20261125-0001), which the office and the citizen need to read.
    [GeneratedRegex(@"(?<![0-9])(?<!XF)(?<!xf)\d{7,}(?![0-9])")]
    private static partial Regex DigitRuns();

    /// <summary>Replaces ID numbers, phone numbers and every other run of 7+ digits in a text by masked forms.</summary>
    public static string MaskText(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var masked = IdNumbers().Replace(text, m => IdNumber.Mask(m.Value.ToUpperInvariant()));
        masked = Landlines().Replace(masked, m => PhoneNumber.Mask(m.Value));
        return DigitRuns().Replace(masked, m => MaskDigits(m.Value));
    }

    /// <summary>13812345678 → 138****5678 (a mobile keeps what its owner recognises), 1381234567 → ******4567.</summary>
    private static string MaskDigits(string digits) =>
        digits.Length >= 11 ? PhoneNumber.Mask(digits) : new string('*', digits.Length - 4) + digits[^4..];

    /// <summary>Masks ID numbers only (phones stay, e.g. in a description that pre-fills the form).</summary>
    public static string MaskIdNumbers(string text) => IdNumbers().Replace(text, m => IdNumber.Mask(m.Value.ToUpperInvariant()));

    /// <summary>A stored phone number for display: 138****8000, 0571-****1234; "—" when there is none.</summary>
    public static string MaskPhone(string? phone) =>
        string.IsNullOrWhiteSpace(phone) ? "—" : PhoneNumber.Mask(phone.Trim());

    /// <summary>张三 → 张*, 欧阳娜娜 → 欧***.</summary>
    public static string MaskName(string name) =>
        string.IsNullOrEmpty(name) ? name : name[0] + new string('*', Math.Max(1, name.Length - 1));
}
