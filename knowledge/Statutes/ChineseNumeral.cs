namespace PetitionBot.Knowledge.Statutes;

/// <summary>Chinese numerals as used in article labels (第一百七十一条), up to 9,999.</summary>
public static class ChineseNumeral
{
    private const string Digits = "零一二三四五六七八九";

    /// <summary>Parses 一百七十一, 三十五, 十, 两百, 〇 or arabic 171; null when it is not a number.</summary>
    public static int? Parse(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return null;
        if (int.TryParse(text, out var arabic)) return arabic;

        int total = 0, current = 0;
        foreach (var c in text)
        {
            if (c is '零' or '〇') continue;
            var digit = c == '两' ? 2 : Digits.IndexOf(c);
            if (digit > 0) { current = digit; continue; }
            var unit = c switch { '十' => 10, '百' => 100, '千' => 1000, _ => 0 };
            if (unit == 0) return null;
            total += (current == 0 ? 1 : current) * unit;
            current = 0;
        }
        return total + current;
    }

    /// <summary>Formats 171 as 一百七十一 (10–19 as 十…, as statutes write them).</summary>
    public static string Format(int n)
    {
        if (n <= 0) return "零";
        var parts = new System.Text.StringBuilder();
        int[] units = [1000, 100, 10, 1];
        string[] names = ["千", "百", "十", ""];
        var pendingZero = false;
        for (var i = 0; i < units.Length; i++)
        {
            var d = n / units[i] % 10;
            if (d == 0)
            {
                if (parts.Length > 0) pendingZero = true;
                continue;
            }
            if (pendingZero) { parts.Append('零'); pendingZero = false; }
            if (!(d == 1 && units[i] == 10 && parts.Length == 0)) parts.Append(Digits[d]);
            parts.Append(names[i]);
        }
        return parts.ToString();
    }

    /// <summary>第三十四条.</summary>
    public static string ArticleLabel(int n) => $"第{Format(n)}条";
}
