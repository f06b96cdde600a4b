using System.Globalization;
using System.Text.RegularExpressions;

namespace PetitionBot.Bot.Conversation.Triage;

/// <summary>
/// When a citizen says when the judgment came ("上周收到判决", "12月1日判的", "3天前"), how much of the appeal period is left.
/// 民事诉讼法 第一百七十一条: appeal within 15 days of service (a ruling 10); 第二百一十六条: retrial within 6 months of
/// the judgment taking effect; 第二百二十条: then the procuratorate.
/// </summary>
public static partial class JudgmentClock
{
    [GeneratedRegex(@"(?<n>\d{1,3}|[一二两三四五六七八九十]{1,3})(天|日)前")]
    private static partial Regex DaysAgo();

    [GeneratedRegex(@"(?<m>\d{1,2})月(?<d>\d{1,2})[日号]")]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"判决|判了|判我|判输|裁定|一审|败诉|官司")]
    private static partial Regex AboutJudgment();

    /// <summary>A sentence on the time left to appeal, or null when the text gives no date of the judgment.</summary>
    public static string? Describe(string text, DateOnly today)
    {
        if (!AboutJudgment().IsMatch(text) || When(text, today) is not { } served || served > today) return null;
        var days = today.DayNumber - served.DayNumber;
        const int appealDays = 15;
        if (days < appealDays)
            return $"按您说的时间，判决约在{days}天前送达：上诉期是送达后15日（裁定10日），还剩约{appealDays - days}天，请尽快向原审法院递交上诉状（民事诉讼法第一百七十一条）。";
        return $"按您说的时间，判决约在{days}天前送达，15日的上诉期可能已经过了：判决生效后6个月内可以申请再审（民事诉讼法第二百一十六条），再审被驳回的可以向检察院申请监督（第二百二十条）。";
    }

    private static DateOnly? When(string text, DateOnly today)
    {
        if (text.Contains("今天", StringComparison.Ordinal)) return today;
        if (text.Contains("昨天", StringComparison.Ordinal)) return today.AddDays(-1);
        if (text.Contains("前天", StringComparison.Ordinal)) return today.AddDays(-2);
        if (text.Contains("上周", StringComparison.Ordinal) || text.Contains("上个星期", StringComparison.Ordinal)) return today.AddDays(-7);
        if (DaysAgo().Match(text) is { Success: true } ago)
        {
            var n = ago.Groups["n"].Value;
            var count = int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : Petitions.ChineseText.ParseCount(n) ?? -1;
            return count >= 0 ? today.AddDays(-count) : null;
        }
        if (MonthDay().Match(text) is { Success: true } md
            && int.TryParse(md.Groups["m"].Value, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12
            && int.TryParse(md.Groups["d"].Value, CultureInfo.InvariantCulture, out var day) && day >= 1 && day <= DateTime.DaysInMonth(today.Year, month))
        {
            var date = new DateOnly(today.Year, month, day);
            return date > today ? date.AddYears(-1) : date; // "12月1日" said in January is last year's
        }
        return null;
    }
}
