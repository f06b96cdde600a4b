using System.Text.RegularExpressions;

namespace PetitionBot.Knowledge.Answers;

internal static partial class TextSnippets
{
    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Bold();

    /// <summary>Markdown emphasis removed: answers go to WeChat and plain chat too.</summary>
    public static string Plain(string markdown) => Bold().Replace(markdown, "$1").Replace("#", "").Trim();

    public static string FirstParagraph(string markdown, int max) =>
        Cut(Plain(markdown).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "", max);

    /// <summary>
    /// Whole paragraphs (a paragraph with its list counts as one) up to about max characters; only a first paragraph
    /// longer than max is cut, at a sentence end where possible, and never inside a list.
    /// </summary>
    public static string Lead(IEnumerable<string> paragraphs, int max)
    {
        var result = new List<string>();
        var length = 0;
        foreach (var p in paragraphs)
        {
            if (length > 0 && length + p.Length > max) break;
            result.Add(p.Contains('\n') ? p : Cut(p, max - length));
            length += p.Length;
        }
        return string.Join("\n", result);
    }

    /// <summary>The first paragraphs up to about max characters, cut at a sentence end where possible.</summary>
    public static string Lead(string markdown, int max)
    {
        var paragraphs = Plain(markdown).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = new List<string>();
        var length = 0;
        foreach (var p in paragraphs)
        {
            if (length > 0 && length + p.Length > max) break;
            result.Add(Cut(p, max - length));
            length += p.Length;
        }
        return string.Join("\n", result);
    }

    public static string Cut(string text, int max)
    {
        if (text.Length <= max) return text;
        var cut = text[..max];
        var end = cut.LastIndexOfAny(['。', '；', '！', '？']);
        return end > max / 2 ? cut[..(end + 1)] : cut + "……";
    }
}
