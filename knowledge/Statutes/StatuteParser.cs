using System.Text;
using System.Text.RegularExpressions;

namespace PetitionBot.Knowledge.Statutes;

/// <summary>
/// Parses the markdown statute form: "# title", issuance lines up to &lt;!-- INFO END --&gt;, ##..#### headings
/// for 编/章/节, and articles beginning 第X条 followed by a space.
/// </summary>
public static partial class StatuteParser
{
    // 第X条 must be followed by white space: "第三人…" and "第二审…" open ordinary paragraphs.
    [GeneratedRegex(@"^第([零〇一二两三四五六七八九十百千\d]+)条(?:\s+|$)")]
    private static partial Regex ArticleStart();

    [GeneratedRegex(@"^(#{1,6})\s*(.*)$")]
    private static partial Regex Heading();

    public static StatuteDocument Parse(string file, string content, string? manifestTitle = null)
    {
        var lines = Normalize(content).Split('\n');
        var titles = new List<string>();
        var issuance = new List<string>();
        var articles = new List<StatuteArticle>();
        var headings = new string?[4]; // levels ##, ###, ####, #####
        var inInfo = content.Contains("<!-- INFO END -->", StringComparison.Ordinal);
        int? number = null;
        var numberLine = 0;
        var paragraphs = new List<string>();
        var path = "";

        void Flush()
        {
            if (number is { } n)
            {
                if (paragraphs.Count == 0 || paragraphs[0].Length == 0)
                    throw new StatuteFormatException(file, numberLine, $"{ChineseNumeral.ArticleLabel(n)} has no text.");
                articles.Add(new StatuteArticle(file, Title(), n, path, paragraphs.ToArray()));
            }
            number = null;
            paragraphs.Clear();
        }

        string Title() => manifestTitle ?? (titles.Count > 0 ? string.Join("·", titles) : Path.GetFileNameWithoutExtension(file));

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var lineNo = i + 1;
            if (line.Length == 0) continue;

            if (inInfo)
            {
                if (line == "<!-- INFO END -->") { inInfo = false; continue; }
                var h = Heading().Match(line);
                if (h.Success && h.Groups[1].Length == 1) titles.Add(h.Groups[2].Value.Trim());
                else issuance.Add(line);
                continue;
            }

            var heading = Heading().Match(line);
            if (heading.Success)
            {
                var level = heading.Groups[1].Length;
                var text = CollapseSpaces(heading.Groups[2].Value);
                if (level == 1) { if (articles.Count == 0 && number is null) titles.Add(text); continue; }
                Flush();
                var slot = Math.Min(level - 2, headings.Length - 1);
                headings[slot] = text;
                for (var k = slot + 1; k < headings.Length; k++) headings[k] = null;
                continue;
            }

            var start = ArticleStart().Match(line);
            if (start.Success)
            {
                var n = ChineseNumeral.Parse(start.Groups[1].ValueSpan)
                    ?? throw new StatuteFormatException(file, lineNo, $"'{start.Groups[1].Value}' is not an article number.");
                var previous = number ?? (articles.Count > 0 ? articles[^1].Number : 0);
                if (n <= previous)
                    throw new StatuteFormatException(file, lineNo,
                        $"article {ChineseNumeral.ArticleLabel(n)} follows {ChineseNumeral.ArticleLabel(previous)}; numbers must increase.");
                Flush();
                number = n;
                numberLine = lineNo;
                path = string.Join(" / ", headings.Where(h => h is not null));
                paragraphs.Add(line[start.Length..].Trim());
                continue;
            }

            if (number is null)
            {
                // Text between headings and the first article (a preamble) belongs to no article.
                if (articles.Count > 0)
                    throw new StatuteFormatException(file, lineNo, "text outside any article.");
                continue;
            }
            paragraphs.Add(line);
        }
        if (inInfo) throw new StatuteFormatException(file, lines.Length, "missing <!-- INFO END --> after the issuance lines.");
        Flush();
        if (articles.Count == 0) throw new StatuteFormatException(file, 1, "no article (第X条) found.");
        return new StatuteDocument(file, Title(), issuance, articles);
    }

    /// <summary>Drops zero-width characters and BOMs, turns ideographic spaces into spaces, unifies line ends.</summary>
    public static string Normalize(string content)
    {
        var sb = new StringBuilder(content.Length);
        foreach (var c in content)
        {
            switch (c)
            {
                case '\u200B' or '\uFEFF' or '\r': break;
                case '\u3000': sb.Append(' '); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    private static string CollapseSpaces(string s) => Spaces().Replace(s, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
