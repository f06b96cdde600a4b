using PetitionBot.Bot.Bureau;

namespace PetitionBot.Bot.Conversation.Dialog;

/// <summary>
/// A question with letters but no Chinese character: the knowledge pack, the forms and the office work in Chinese, so the
/// citizen is told so in a language they read, with a telephone number where a person can help.
/// </summary>
public static class OtherLanguage
{
    /// <summary>The reply, or null when the text is Chinese (or only digits, codes and punctuation).</summary>
    public static string? Reply(string text, BureauOptions bureau)
    {
        var letters = 0;
        var latin = true;
        foreach (var c in text)
        {
            if (IsChinese(c)) return null;
            if (!char.IsLetter(c)) continue;
            letters++;
            if (c > '\u024F') latin = false;
        }
        // Below three letters it is a code, an initial or "ok", not a question.
        if (letters < 3) return null;
        var english =
            $"Sorry, this service works in Chinese only: it explains petition (信访) rules and legal routes and registers " +
            $"petitions in Chinese. For help, please call {bureau.HotlineNumber} ({bureau.Name}), or ask someone to write to us in Chinese for you.";
        var chinese = $"本服务仅提供中文咨询。如需帮助，请拨打 {bureau.HotlineNumber}。";
        // Latin script: English is the likeliest language read; other scripts get both, as we cannot answer in theirs.
        return latin ? english : english + "\n" + chinese;
    }

    private static bool IsChinese(char c) =>
        c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';
}
