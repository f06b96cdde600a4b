using System.Text.RegularExpressions;

namespace PetitionBot.Bot.Office.Queue;

/// <summary>Masks personal data for display: every role sees masked values until it reveals them on purpose.</summary>
public static partial class Masking
{
    public static string Phone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return "—";
        var p = phone.Trim();
        return p.Length >= 7 ? p[..3] + new string('*', p.Length - 7) + p[^4..] : new string('*', p.Length);
    }

    /// <summary>Masks ID numbers and mobile numbers that slipped into free text (the transcript, a note).</summary>
    public static string Text(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var masked = IdNumber().Replace(text, m => m.Value[..4] + new string('*', m.Value.Length - 8) + m.Value[^4..]);
        return Mobile().Replace(masked, m => m.Value[..3] + "****" + m.Value[^4..]);
    }

    [GeneratedRegex(@"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])")]
    private static partial Regex IdNumber();

    [GeneratedRegex(@"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")]
    private static partial Regex Mobile();
}
