using System.Text.RegularExpressions;
using PetitionBot.Knowledge.Guides;
using PetitionBot.Knowledge.Statutes;

namespace PetitionBot.Knowledge.Answers;

/// <summary>One paragraph of a guide: its bold heading (**费用**：), its plain text and the articles it names.</summary>
public sealed record GuideParagraph(string Heading, string Text, IReadOnlyList<ArticleRef> Refs)
{
    /// <summary>What the heading names, read once: "押金和提前收房" names two things.</summary>
    public IReadOnlyList<string> HeadingParts { get; } = Heading
        .Split(['和', '与', '、', '/', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(part => part.Length >= 2 && !AskedByEveryone.Contains(part)).ToArray();

    /// <summary>Headings that name no matter: nearly every question ends "怎么办", so it says nothing of what was asked.</summary>
    private static readonly HashSet<string> AskedByEveryone = ["怎么办", "怎么做", "下一步"];

    /// <summary>The question names what this paragraph is headed by ("试用期被辞退有补偿吗" → **辞退**).</summary>
    public bool HeadedBy(string question) => HeadingParts.Any(part => question.Contains(part, StringComparison.Ordinal));
}

/// <summary>
/// Splits guides into paragraphs and finds the articles each names ("（劳动争议调解仲裁法第五十三条）", "（第二十九条）"),
/// so an answer can lead with the paragraph that answers the question and cite that paragraph's article first.
/// </summary>
public sealed partial class GuideParagraphs
{
    private readonly List<(string Name, string File)> _names;
    private readonly Func<ArticleRef, bool> _knows;

    public GuideParagraphs(IEnumerable<DocumentInfo> documents, Func<ArticleRef, bool> knows)
    {
        _names = documents.SelectMany(d => d.Short.Append(d.Title).Select(n => (n, d.File)))
            .Where(n => n.Item1.Length >= 2 && n.Item1 != "条例")
            .OrderByDescending(n => n.Item1.Length).ToList();
        _knows = knows;
    }

    [GeneratedRegex(@"第([零〇一二两三四五六七八九十百千\d]{1,8})条")]
    private static partial Regex Article();

    [GeneratedRegex(@"^(?:[-*·•]\s|\d{1,2}[.、．]\s*|（[一二三四五六七八九十]+）)")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"^\*\*(.{1,20}?)\*\*[：:]?")]
    private static partial Regex Heading();

    public IReadOnlyList<GuideParagraph> Split(GuideEntry guide)
    {
        var primary = guide.Cites.Count > 0 ? guide.Cites[0].File : null;
        var paragraphs = new List<GuideParagraph>();
        var current = primary;
        foreach (var raw in guide.Body.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var heading = Heading().Match(raw) is { Success: true } h ? h.Groups[1].Value : "";
            var refs = new List<ArticleRef>();
            foreach (Match m in Article().Matches(raw))
            {
                if (ChineseNumeral.Parse(m.Groups[1].ValueSpan) is not { } number || number == 0) continue;
                var before = raw[..m.Index];
                // The nearest law named before the number in this paragraph, else the one the guide spoke of last.
                var named = _names.Where(n => before.EndsWith(n.Name, StringComparison.Ordinal)).Select(n => n.File).ToList();
                if (named.Count == 0)
                {
                    var last = _names.Select(n => (n.File, At: before.LastIndexOf(n.Name, StringComparison.Ordinal)))
                        .Where(x => x.At >= 0).OrderByDescending(x => x.At).FirstOrDefault();
                    if (last.File is not null) named = _names.Where(n => n.File == last.File).Select(n => n.File).Take(1).ToList();
                }
                var candidates = named.Count > 0 ? named.Distinct() : current is null ? [] : [current];
                var found = candidates.Select(f => new ArticleRef(f, number)).FirstOrDefault(_knows);
                if (found.File is null) continue;
                current = found.File;
                if (!refs.Contains(found)) refs.Add(found);
            }
            // A list belongs to the line that introduces it ("你应当：" and its items are one paragraph), so an answer
            // never shows a heading without its items, or three of "四条路".
            if (paragraphs.Count > 0 && ListItem().IsMatch(raw))
            {
                var previous = paragraphs[^1];
                paragraphs[^1] = previous with
                {
                    Text = previous.Text + "\n" + TextSnippets.Plain(raw),
                    Refs = [.. previous.Refs, .. refs.Where(r => !previous.Refs.Contains(r))],
                };
                continue;
            }
            paragraphs.Add(new GuideParagraph(heading, TextSnippets.Plain(raw), refs));
        }
        return paragraphs;
    }
}
