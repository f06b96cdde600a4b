using System.Text.RegularExpressions;
using PetitionBot.Knowledge.Answers;
using PetitionBot.Knowledge.Statutes;

namespace PetitionBot.Bot.Llm;

/// <summary>
/// Decides whether a model's reply may reach a citizen: every article it names was retrieved, every number is in the
/// texts it cites, every phone number and web address is in our own texts, and nothing shows it following
/// instructions from the question. Anything doubtful is rejected; the extractive answer is always there instead.
/// </summary>
public static partial class GroundedReplyCheck
{
    public const int MaxReplyLength = 1200;

    /// <summary>The verified citations, in the order the reply names them, or the reason the reply is rejected.</summary>
    public sealed record Verdict(IReadOnlyList<Citation> Citations, string? Rejection)
    {
        public bool Accepted => Rejection is null;
    }

    private static Verdict Reject(string reason) => new([], reason);

    public static Verdict Check(string reply, string question, IReadOnlyList<GroundingPassage> passages, string ownData)
    {
        if (string.IsNullOrWhiteSpace(reply)) return Reject("empty");
        var named = CheckCitations(reply, passages);
        if (EarlyRejection(reply, question, passages, ownData, named) is { } reason) return Reject(reason);

        var citations = named.Citations;
        if (citations.Count == 0) return Reject("no citation");

        // Numbers and deadlines must stand in the texts of the articles cited (or in our own answer's text).
        var allowedText = string.Join("\n", passages.Where(p => p.Citation is null || citations.Contains(p.Citation)).Select(p => p.Text));
        var allowed = NumbersIn(allowedText);
        var stripped = ArticleLabel().Replace(LawName().Replace(reply, ""), "");
        foreach (var (value, unit) in NumbersIn(stripped))
            if (unit is null ? !allowed.Any(a => a.Value == value) : !allowed.Contains((value, unit)))
                return Reject("number not in the cited texts");

        foreach (Match m in WebAddress().Matches(reply))
            if (!ownData.Contains(m.Value.TrimEnd('.', '/'), StringComparison.OrdinalIgnoreCase)) return Reject("web address not in our texts");
        return new Verdict(citations, null);
    }

    /// <summary>
    /// The checks that the beginning of a reply already fails for good, whatever follows (a named article, a digit
    /// run, an echoed instruction only get longer), so a streamed reply can be dropped at its first forbidden item.
    /// Numbers are not among them: 十 may yet become 十五日.
    /// </summary>
    public static string? RejectsEarly(string partial, string question, IReadOnlyList<GroundingPassage> passages, string ownData) =>
        EarlyRejection(partial, question, passages, ownData, CheckCitations(partial, passages));

    /// <summary><see cref="RejectsEarly"/> with the articles the text names already checked (a whole reply needs them after).</summary>
    private static string? EarlyRejection(string partial, string question, IReadOnlyList<GroundingPassage> passages, string ownData,
        Verdict named)
    {
        if (partial.Length > MaxReplyLength) return "too long";
        if (partial.Contains("资料不足", StringComparison.Ordinal)) return "model found the passages insufficient";
        if (partial.Contains("```", StringComparison.Ordinal)) return "malformed (markup)";
        if (InstructionEcho().IsMatch(partial)) return "instruction or role-play echo";
        if (named.Rejection is { } rejection) return rejection;

        foreach (Match m in LongDigits().Matches(partial.Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal)))
            if (!ownData.Replace("-", "", StringComparison.Ordinal).Contains(m.Value, StringComparison.Ordinal)) return "phone number not in our texts";

        // A question that tries to instruct the model: the reply must not carry words the question told it to say.
        if (InjectionCue().IsMatch(question))
        {
            var sources = string.Join("\n", passages.Select(p => p.Text));
            foreach (var gram in HanGrams(question, 4))
                if (partial.Contains(gram, StringComparison.Ordinal) && !sources.Contains(gram, StringComparison.Ordinal))
                    return "repeats the question's instructions";
        }
        return null;
    }

    /// <summary>The articles a text names, each one of the passages' (a text naming none passes with none).</summary>
    public static Verdict CheckCitations(string text, IReadOnlyList<GroundingPassage> passages)
    {
        var citations = new List<Citation>();
        string? law = null;
        // Every 第N条 belongs to the last 《…》 named before it; a bare one before any, to the default regulation.
        foreach (Match m in LawOrArticle().Matches(text))
        {
            if (m.Groups["law"].Success)
            {
                law = GroundingPassages.NormalizeName(m.Groups["law"].Value);
                if (!passages.Any(p => p.Names.Contains(law))) return Reject("document not retrieved");
                continue;
            }
            if (ChineseNumeral.Parse(m.Groups["num"].Value) is not { } number) return Reject("unreadable article number");
            var cited = passages.FirstOrDefault(p => p.Citation is { } c && c.ArticleNumber == number
                && p.Names.Contains(law ?? DefaultDocument))?.Citation;
            if (cited is null) return Reject("article not retrieved");
            if (!citations.Contains(cited)) citations.Add(cited);
        }
        return new Verdict(citations, null);
    }

    /// <summary>What a bare 第N条 means, as in our own answers (信访工作条例 第三十四条).</summary>
    private const string DefaultDocument = "信访工作条例";

    /// <summary>
    /// Numbers with their unit (十五日 and 15天 are both (15, 日); 三个月 is (3, 月)): digit runs, with a unit when one
    /// follows, and Chinese numerals followed by a unit of time, money or share.
    /// </summary>
    private static HashSet<(long Value, string? Unit)> NumbersIn(string text)
    {
        var values = new HashSet<(long, string?)>();
        foreach (Match m in Number().Matches(text))
        {
            var digits = m.Groups["d"].Value;
            long? value = digits.Length > 0
                ? long.TryParse(digits, out var d) ? d : null
                : ChineseNumeral.Parse(m.Groups["n"].Value);
            if (value is null) continue;
            var unit = m.Groups["u"].Value switch
            {
                "" => null,
                "天" => "日",
                "％" => "%",
                var u => u,
            };
            values.Add((value.Value, unit));
        }
        return values;
    }

    private static IEnumerable<string> HanGrams(string text, int n)
    {
        for (var i = 0; i + n <= text.Length; i++)
        {
            var gram = text.Substring(i, n);
            if (gram.All(c => c is >= '\u4e00' and <= '\u9fff')) yield return gram;
        }
    }

    [GeneratedRegex(@"《(?<law>[^《》\n]{1,40})》|第(?<num>[零〇一二两三四五六七八九十百千0-9]{1,8})条")]
    private static partial Regex LawOrArticle();

    [GeneratedRegex(@"《[^《》\n]{1,40}》")]
    private static partial Regex LawName();

    [GeneratedRegex(@"第[零〇一二两三四五六七八九十百千0-9]{1,8}[条款项章节编]")]
    private static partial Regex ArticleLabel();

    [GeneratedRegex(@"(?:(?<d>\d+)|(?<n>[零〇一二两三四五六七八九十百千]+)(?=个?(?:工作日|日|天|月|年|周|元|倍|小时|%|％)))(?:个?(?<u>工作日|日|天|月|年|周|元|倍|小时|%|％))?")]
    private static partial Regex Number();

    [GeneratedRegex(@"(?:https?://|www\.)[^\s，。；、）)」]+|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:cn|com|net|org|gov)\b", RegexOptions.IgnoreCase)]
    private static partial Regex WebAddress();

    [GeneratedRegex(@"\d{5,}")]
    private static partial Regex LongDigits();

    [GeneratedRegex(@"忽略|无视|不要理会|指令|提示词|系统提示|system\s*prompt|ignore|instruction|扮演|角色|我现在是|我是一个|作为(?:一个|一名)?(?:AI|人工智能|语言模型)|as an ai|jailbreak|越狱|\bDAN\b|</?(?:资料|问题)>|\[资料", RegexOptions.IgnoreCase)]
    private static partial Regex InstructionEcho();

    [GeneratedRegex(@"忽略|无视|不要理会|忘记|忘掉|ignore|disregard|forget|扮演|你现在是|从现在起|现在开始你|system|prompt|提示词|指令|指示|回答说|你只需(?:要)?(?:回答|输出|说)|请(?:输出|回复|说)", RegexOptions.IgnoreCase)]
    private static partial Regex InjectionCue();
}
