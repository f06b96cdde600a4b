using System.Text;

namespace PetitionBot.Bot.Petitions;

/// <summary>Small helpers for text as citizens type it: full-width digits, Chinese numerals.</summary>
public static class ChineseText
{
    private const string Digits = "零一二三四五六七八九";

    /// <summary>Full-width ASCII (１２３、ＸＦ) to half-width, and the ideographic space to a plain one.</summary>
    public static string ToHalfWidth(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '\u3000' => ' ',
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                _ => c,
            });
        }
        return sb.ToString();
    }

    /// <summary>27 → 二十七, 112 → 一百一十二 (the form used in article labels).</summary>
    public static string ToNumeral(int n)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n));
        if (n < 10) return Digits[n].ToString();
        if (n < 20) return "十" + (n % 10 == 0 ? "" : Digits[n % 10].ToString());
        if (n < 100) return Digits[n / 10] + "十" + (n % 10 == 0 ? "" : Digits[n % 10].ToString());
        if (n < 1000)
        {
            var rest = n % 100;
            var head = Digits[n / 100] + "百";
            if (rest == 0) return head;
            if (rest < 10) return head + "零" + Digits[rest];
            return head + Digits[rest / 10] + "十" + (rest % 10 == 0 ? "" : Digits[rest % 10].ToString());
        }
        return n.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>第二十七条.</summary>
    public static string ArticleLabel(int article) => $"第{ToNumeral(article)}条";

    /// <summary>"6", "６", "六", "十二", "两" → number; null when the text is not a plain count.</summary>
    /// <summary>An approximate count: 十几 (11–19), 二十多 (21–29), 十来 (8–12), 几十 (20–90), 上百 (100–199).</summary>
    public static (int Low, int High)? ParseRange(string text)
    {
        var t = ToHalfWidth(text).Trim().TrimEnd('个', '人', '位', '名', '户', '家', '。', '.').Trim();
        if (t.StartsWith("上百", StringComparison.Ordinal)) return (100, 199);
        if (t.StartsWith("几十", StringComparison.Ordinal)) return (20, 90);
        if (t.Length < 2) return null;
        var suffix = t[^1];
        if (suffix is not ('几' or '多' or '来')) return null;
        var head = t[..^1];
        var n = head.All(char.IsAsciiDigit) && head.Length is > 0 and <= 5 ? int.Parse(head, System.Globalization.CultureInfo.InvariantCulture) : ParseCount(head);
        if (n is not { } tens || tens < 10 || tens % 10 != 0) return null;
        return suffix == '来' ? (tens - 2, tens + 2) : (tens + 1, tens + 9);
    }

    public static int? ParseCount(string text)
    {
        var t = ToHalfWidth(text).Trim().TrimEnd('个', '人', '位', '名', '户', '家', '。', '.').Trim();
        if (t.Length == 0) return null;
        if (t.All(char.IsAsciiDigit)) return t.Length <= 6 ? int.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : null;
        t = t.Replace('两', '二').Replace('〇', '零');
        int total = 0, current = 0;
        foreach (var c in t)
        {
            var d = Digits.IndexOf(c);
            if (d >= 0) { current = d; continue; }
            var unit = c switch { '十' => 10, '百' => 100, '千' => 1000, '万' => 10000, _ => 0 };
            if (unit == 0) return null;
            if (current == 0 && unit == 10) current = 1; // 十二 = 12
            total += current * unit;
            current = 0;
        }
        return total + current;
    }
}
