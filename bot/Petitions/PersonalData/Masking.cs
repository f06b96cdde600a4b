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

    // A mobile number typed in groups (138 0013 8000, 138-0013-8000), which the digit-run rule does not see as one.
    [GeneratedRegex(@"(?<![0-9])1[3-9]\d[ -]\d{4}[ -]\d{4}(?![0-9])")]
    private static partial Regex GroupedMobiles();

    // Our own masked forms (1101**********1234, 138****8001) in a text kept earlier, e.g. a description from triage.
    [GeneratedRegex(@"(?<![0-9*])\d{3,4}\*{4,}[0-9X]{4}(?![0-9])")]
    private static partial Regex MaskedNumbers();

    /// <summary>
    /// Text for a language model: ID numbers and phone numbers become placeholders (not even a masked part leaves the
    /// bot), and so does any other run of 7+ digits. Full-width digits are read as digits first.
    /// </summary>
    public static string ForModel(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var t = string.Create(text.Length, text, static (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
                span[i] = s[i] is >= '０' and <= '９' ? (char)(s[i] - '０' + '0') : s[i] is 'Ｘ' or 'ｘ' ? 'X' : s[i];
        });
        t = MaskedNumbers().Replace(t, m => m.Value.Count(c => c == '*') >= 8 ? IdPlaceholder : PhonePlaceholder);
        t = IdNumbers().Replace(t, IdPlaceholder);
        t = Landlines().Replace(t, PhonePlaceholder);
        t = GroupedMobiles().Replace(t, PhonePlaceholder);
        return DigitRuns().Replace(t, m => m.Value.Length == 11 && m.Value[0] == '1' ? PhonePlaceholder
            : m.Value.Length >= 15 ? IdPlaceholder : NumberPlaceholder);
    }

    public const string IdPlaceholder = "[身份证号已填写]";
    public const string PhonePlaceholder = "[电话已填写]";
    public const string NumberPlaceholder = "[号码已隐去]";

    /// <summary>Masks ID numbers only (phones stay, e.g. in a description that pre-fills the form).</summary>
    public static string MaskIdNumbers(string text) => IdNumbers().Replace(text, m => IdNumber.Mask(m.Value.ToUpperInvariant()));

    /// <summary>A stored phone number for display: 138****8000, 0571-****1234; "—" when there is none.</summary>
    public static string MaskPhone(string? phone) =>
        string.IsNullOrWhiteSpace(phone) ? "—" : PhoneNumber.Mask(phone.Trim());

    /// <summary>张三 → 张*, 欧阳娜娜 → 欧***.</summary>
    public static string MaskName(string name) =>
        string.IsNullOrEmpty(name) ? name : name[0] + new string('*', Math.Max(1, name.Length - 1));
}
