namespace PetitionBot.Knowledge.Search;

/// <summary>
/// Whether a catalogue's cue word is in a question as a word: "日本" is not in "10月30日本人有事", nor "年报" in
/// "2019年报名". A cue that starts with a unit of a date or time (日, 月, 年, 号, 天, 时, 分) does not count where a
/// number comes right before it, as there it ends the date.
/// </summary>
public static class Cues
{
    public static bool Contains(string question, string cue) =>
        cue.Length > 0 && DateUnits.Contains(cue[0]) ? ContainsNotAfter(question, cue, IsNumeral)
            : question.Contains(cue, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="word"/> is in the text somewhere other than right after a character that ends it.</summary>
    public static bool ContainsNotAfter(string text, string word, Func<char, bool> before) => PositionsNotAfter(text, word, before).Any();

    /// <summary>Where <paramref name="word"/> is in the text other than right after a character that ends it.</summary>
    public static IEnumerable<int> PositionsNotAfter(string text, string word, Func<char, bool> before)
    {
        for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0;
             at = text.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            if (at == 0 || !before(text[at - 1])) yield return at;
        }
    }

    private const string DateUnits = "日月年号天时点分";

    private static bool IsNumeral(char c) => char.IsDigit(c) || "〇零一二三四五六七八九十百两廿卅".Contains(c);
}
