using System.Text.RegularExpressions;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Validation;

namespace PetitionBot.Bot.Conversation.Filing;

/// <summary>What a free description already says: "我叫张三，电话13800138000，XX公司欠我三个月工资".</summary>
public sealed record PrefillValues
{
    public string? Name { get; init; }
    /// <summary>A valid ID number in clear; the caller protects it at once.</summary>
    public string? IdNumber { get; init; }
    public string? Phone { get; init; }
    public string? Address { get; init; }
    public string? Locality { get; init; }
    public string? ConcernedUnit { get; init; }
    public string? Request { get; init; }
}

/// <summary>Pulls form values out of a description with plain patterns; anything unsure is left to be asked.</summary>
public static partial class FormPrefill
{
    [GeneratedRegex(@"(?:我叫|我的名字是|我的名字叫|名字叫|姓名[是:：]?|本人(?:叫)?)\s*(?<name>[\u4e00-\u9fa5·]{2,6}?)(?=[，,。；;\s]|电话|手机|身份证|住|家住|今年|是|$)")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"(?<![0-9])(?<id>[1-9]\d{16}[0-9Xx])(?![0-9])")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"(?<![0-9])(?<phone>1[3-9]\d{9}|0\d{2,3}-?[2-9]\d{6,7})(?![0-9])")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"(?:住在|住址[是:：]?|家住|地址[是:：]?)\s*(?<address>[^，,。；;\n]{4,60})")]
    private static partial Regex AddressPattern();

    [GeneratedRegex(@"(?<locality>[\u4e00-\u9fa5]{2,8}?(?:街道|镇|乡))(?![\u4e00-\u9fa5]{0,1}(?:政府|里|上|下|干部))")]
    private static partial Regex LocalityPattern();

    [GeneratedRegex(@"(?<unit>[\u4e00-\u9fa5A-Za-z0-9（）()]{1,20}?(?:有限责任公司|股份有限公司|有限公司|公司|集团|工厂|厂|超市|商场|医院|学校|幼儿园|物业|银行|人民法院|法院|检察院|酒店|饭店|餐厅|健身房|村委会|居委会|街道办事处|街道办|人民政府|派出所|项目部|工地|[\u4e00-\u9fa5]{1,6}局))")]
    private static partial Regex UnitPattern();

    [GeneratedRegex(@"^(?:我们|我|你们|你|他们|他|她|这个|那个|这家|那家|这|那|本|该|对方|一家|一个|有个|有家|在|被|给|跟|和|向|说|到|去|找|是|的|了|想|要|准备|打算)+")]
    private static partial Regex UnitFiller();

    [GeneratedRegex(@"[，,。；;！!？?\n]+")]
    private static partial Regex ClauseSeparators();

    [GeneratedRegex(@"我叫|名字|姓名|电话|手机|身份证|住在|住址|家住|地址|^本人")]
    private static partial Regex PersonalClause();

    [GeneratedRegex(@"^(?:你好|您好|我要反映问题|我要反映|反映问题|我想反映|我要投诉|我要举报|我要信访|我要上访|我要登记|帮我登记)[：:，,]?")]
    private static partial Regex IntentPrefix();

    [GeneratedRegex(@"(怎么办|咋办|怎么弄|怎么处理|该怎么办|能不能管|有人管吗|谁来管|吗|呢|啊)+$")]
    private static partial Regex QuestionTail();

    public static PrefillValues Extract(string text, DateOnly today)
    {
        var t = ChineseText.ToHalfWidth(text).Trim();

        var name = NamePattern().Match(t) is { Success: true } nm ? nm.Groups["name"].Value : null;
        var id = IdPattern().Matches(t).Select(m => m.Groups["id"].Value)
            .FirstOrDefault(v => IdNumber.Check(v, today).IsValid);
        var phone = PhonePattern().Matches(t).Select(m => PhoneNumber.Check(m.Groups["phone"].Value))
            .FirstOrDefault(c => c.IsValid)?.Value;
        var address = AddressPattern().Match(t) is { Success: true } am ? am.Groups["address"].Value.Trim() : null;
        var locality = LocalityPattern().Match(t) is { Success: true } lm
            && UnitFiller().Replace(lm.Groups["locality"].Value, "") is { Length: >= 3 } place && !IsPronoun(place)
            ? place
            : null;

        var clauses = ClauseSeparators().Split(IntentPrefix().Replace(t, ""))
            .Select(c => c.Trim())
            .Where(c => c.Length > 0 && !PersonalClause().IsMatch(c) && !IdPattern().IsMatch(c) && !PhonePattern().IsMatch(c))
            .ToList();
        string? unit = null;
        foreach (var clause in clauses)
        {
            if (UnitPattern().Match(clause) is not { Success: true } um) continue;
            var candidate = UnitFiller().Replace(um.Groups["unit"].Value, "");
            if (candidate.Length >= 3 && !IsGenericUnit(candidate))
            {
                unit = candidate;
                break;
            }
        }

        // "有用吗", "怎么办": short questions carry no request of their own.
        var request = string.Join("，", clauses.Select(c => QuestionTail().Replace(c, "")).Where(c => c.Length > 4));
        return new PrefillValues
        {
            Name = name,
            IdNumber = id,
            Phone = phone,
            Address = address,
            Locality = locality,
            ConcernedUnit = unit,
            Request = request.Length >= 6 ? request : null,
        };
    }

    [GeneratedRegex("^(我们|我|这个|那个|这|那|本|该|我家|老家)")]
    private static partial Regex Pronoun();

    [GeneratedRegex("^(公司|单位|厂|工厂|学校|医院|物业|银行|超市|商场|工地|项目部|法院|检察院|[一二三四五六七八九十几两]+家?公司)$|信访")]
    private static partial Regex GenericUnit();

    private static bool IsPronoun(string s) => Pronoun().IsMatch(s);

    private static bool IsGenericUnit(string unit) => GenericUnit().IsMatch(unit);
}
