using System.Text.RegularExpressions;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Validation;

namespace PetitionBot.Bot.Conversation.Filing;

/// <summary>How each item is labelled, asked, checked and stored.</summary>
public static partial class FormFields
{
    public static readonly FormField[] Order = Enum.GetValues<FormField>();

    public static readonly string[] Categories = ["建议意见", "检举控告", "申诉求决"];
    public static readonly string[] FieldsOfWork = ["城乡建设", "劳动社保", "两拖欠", "市场监管", "涉法涉诉", "自然资源", "生态环境", "教育卫生", "其他"];
    public static readonly string[] YesNo = ["是", "否"];
    public static readonly string[] PhotosDone = ["好了"];

    public static string Label(FormField f) => f switch
    {
        FormField.Name => "姓名",
        FormField.IdNumber => "身份证号",
        FormField.Phone => "联系电话",
        FormField.Address => "住址",
        FormField.Locality => "问题发生地",
        FormField.ConcernedUnit => "涉及单位",
        FormField.Category => "类别",
        FormField.Field => "领域",
        FormField.Request => "诉求",
        FormField.FactsAndReasons => "事实和理由",
        FormField.RaisedBefore => "以前是否反映过",
        FormField.EarlierTrackingNo => "以前的事项编号",
        FormField.PeopleCount => "反映人数",
        FormField.Representatives => "代表",
        FormField.Photos => "照片",
        _ => f.ToString(),
    };

    public static string Prompt(FormField f) => f switch
    {
        FormField.Name => "请问您的姓名？",
        FormField.IdNumber => "请输入您的18位身份证号。（只用于核实身份和查询重复事项，加密保存，对外只显示部分号码）",
        FormField.Phone => "请留一个联系电话：手机号，或者带区号的座机号。",
        FormField.Address => "请问您的住址？请写到门牌号，方便寄送书面答复。",
        FormField.Locality => "问题发生在哪个街道或乡镇？",
        FormField.ConcernedUnit => "这件事涉及哪个单位或部门？（没有可以回复“跳过”）",
        FormField.Category => "这件事属于哪一类？\n1. 建议意见\n2. 检举控告\n3. 申诉求决（反映自身权益问题、要求解决）",
        FormField.Field => "属于哪个领域？\n" + string.Join("\n", FieldsOfWork.Select((x, i) => $"{i + 1}. {x}")),
        FormField.Request => "您的诉求是什么？希望有关部门解决什么问题？",
        FormField.FactsAndReasons => "请说说事实和理由：什么时间、在哪里、发生了什么，您的理由是什么。",
        FormField.RaisedBefore => "这件事以前反映过吗？",
        FormField.EarlierTrackingNo => "还记得以前的事项编号吗？（例如 XF20260101-0001；不记得可以回复“跳过”）",
        FormField.PeopleCount => "一共有几个人一起反映这件事？只有您本人请回复 1。",
        FormField.Representatives => "反映的人数较多，为方便办理单位联系和答复，请推选不超过5名代表作为联系人。请回复代表的姓名，用顿号隔开，例如“张三、李四”。",
        FormField.Photos => "有照片或材料要一起提交吗？可以直接发送图片；发完了或者没有，请回复“好了”。",
        _ => Label(f),
    };

    public static IReadOnlyList<string>? Choices(FormField f) => f switch
    {
        FormField.Category => Categories,
        FormField.Field => FieldsOfWork,
        FormField.RaisedBefore => YesNo,
        FormField.Photos => PhotosDone,
        FormField.ConcernedUnit or FormField.EarlierTrackingNo => ["跳过"],
        _ => null,
    };

    public static bool IsOptional(FormField f) => f is FormField.ConcernedUnit or FormField.EarlierTrackingNo or FormField.Photos;

    public static bool Applies(FormField f, DraftPetition d) => f switch
    {
        FormField.EarlierTrackingNo => d.RaisedBefore == true,
        FormField.Representatives => d.PeopleCount >= 5,
        _ => true,
    };

    public static FormField? Next(DraftPetition d) =>
        Order.Where(f => Applies(f, d) && !d.Answered.Contains(f)).Select(f => (FormField?)f).FirstOrDefault();

    /// <summary>The answered field before <paramref name="current"/> (or the last one), for "返回".</summary>
    public static FormField? Previous(DraftPetition d, FormField? current)
    {
        var before = current is { } c ? Order.TakeWhile(f => f != c) : Order;
        return before.Where(f => Applies(f, d) && d.Answered.Contains(f)).Select(f => (FormField?)f).LastOrDefault();
    }

    // "电话写错了", "改一下住址", "身份证号输错了": the alias must come early in the message.
    private sealed record Correction(FormField Field, Regex Wrong, Regex Change, Regex Exact);

    private static readonly Correction[] Corrections =
    [
        .. new (FormField Field, string Aliases)[]
        {
            (FormField.IdNumber, "身份证号码|身份证号|身份证"),
            (FormField.Name, "姓名|名字"),
            (FormField.Phone, "电话号码|手机号码|电话|手机号|手机|联系方式"),
            (FormField.Address, "住址|地址|家庭住址"),
            (FormField.Locality, "问题发生地|发生地|街道|乡镇"),
            (FormField.ConcernedUnit, "涉及单位|单位|部门"),
            (FormField.Category, "类别|类型|分类"),
            (FormField.Field, "领域"),
            (FormField.Request, "诉求|请求"),
            (FormField.FactsAndReasons, "事实和理由|事实|理由|经过"),
            (FormField.RaisedBefore, "是否反映过|反映过"),
            (FormField.EarlierTrackingNo, "以前的编号|事项编号|编号"),
            (FormField.PeopleCount, "人数"),
            (FormField.Representatives, "代表"),
            (FormField.Photos, "照片|图片"),
        }.Select(a => new Correction(
            a.Field,
            new Regex($@"^.{{0,8}}?(?:{a.Aliases}).{{0,3}}?(?:写错|输错|填错|打错|弄错|错了|不对|有误|要改|改一下)"),
            new Regex($@"^.{{0,4}}?(?:修改|更改|更正|改一下|改改|重填|重新填|换一下|换个)(?:一下)?(?:我的)?(?:{a.Aliases})"),
            new Regex($"^(?:{a.Aliases})$"))),
    ];

    [GeneratedRegex(@"^(应该是|应该为|正确的是|正确的|改成|改为|换成|是|为)[：:]?\s*")]
    private static partial Regex NewValuePrefix();

    /// <summary>A correction request and, if given in the same message, the new value ("电话写错了，应该是139…").</summary>
    public static (FormField Field, string? NewValue)? FindCorrection(string text)
    {
        foreach (var c in Corrections)
        {
            var wrong = c.Wrong.Match(text);
            var m = wrong.Success ? wrong : c.Change.Match(text);
            if (!m.Success) continue;
            var rest = text[m.Length..].TrimStart('了', '，', ',', '。', '：', ':', ' ');
            rest = NewValuePrefix().Replace(rest, "");
            return (c.Field, rest.Length > 0 ? rest : null);
        }
        return null;
    }

    public static (FormField Field, int Index)? FieldByLabel(string text, DraftPetition d)
    {
        var options = CorrectableFields(d);
        var t = text.Trim();
        if (int.TryParse(t, out var n) && n >= 1 && n <= options.Count) return (options[n - 1], n - 1);
        for (var i = 0; i < options.Count; i++)
            if (Label(options[i]) == t) return (options[i], i);
        foreach (var c in Corrections)
            if (options.Contains(c.Field) && c.Exact.IsMatch(t)) return (c.Field, options.IndexOf(c.Field));
        return null;
    }

    public static List<FormField> CorrectableFields(DraftPetition d) => Order.Where(f => Applies(f, d)).ToList();

    [GeneratedRegex(@"\d")]
    private static partial Regex AnyDigit();

    [GeneratedRegex(@"[\u4e00-\u9fa5]")]
    private static partial Regex AnyHan();

    [GeneratedRegex(@"街道|镇|乡|街|苏木|开发区|园区|管委会|社区|区|县")]
    private static partial Regex LocalityWords();

    [GeneratedRegex(@"[、,，;；/\s和及]+")]
    private static partial Regex NameSeparators();

    [GeneratedRegex(@"^(我叫|我是|姓名是|姓名|名字是|名字叫|名字|本人)[：:]?")]
    private static partial Regex NamePrefix();

    [GeneratedRegex("提交|确认|修改|反映|投诉|举报|查询|评价|菜单|跳过|[？?]")]
    private static partial Regex NotAName();

    [GeneratedRegex("匿名|不想说|保密|不方便|不告诉")]
    private static partial Regex Anonymous();

    [GeneratedRegex("^(是|是的|有|有的|反映过|反映过了|对|嗯|以前反映过|反映过的)$")]
    private static partial Regex Yes();

    [GeneratedRegex("^(否|不是|没有|没|没反映过|没有反映过|第一次|首次|初次|头一次|不)$")]
    private static partial Regex No();

    [GeneratedRegex(@"^(没有|没|未|从没|从来没|从未|第一次|首次|初次|头一次|头一回|头回|不是|否)[,，、。\s]")]
    private static partial Regex NoSentence();

    [GeneratedRegex(@"^(是|是的|有|有的|对|嗯|反映过|以前|之前|去年|上次)[,，、。\s]|反映过|去过|找过|说过|提过|投诉过|上访过|信访过|打过电话|写过信")]
    private static partial Regex YesSentence();

    [GeneratedRegex("^(大概|大约|差不多|估计|约|有|总共|一共|共)")]
    private static partial Regex About();

    [GeneratedRegex("^(就我一个人?|我自己|我一个人?|本人|只有我|一个人|个人)$")]
    private static partial Regex JustMe();

    [GeneratedRegex("^(建议意见|建议|意见|提建议)")]
    private static partial Regex SuggestionWords();

    [GeneratedRegex("^(检举控告|检举|控告|举报)")]
    private static partial Regex AccusationWords();

    [GeneratedRegex("^(申诉求决|申诉|求决|诉求|求助|投诉)")]
    private static partial Regex GrievanceWords();

    private static readonly (Regex Pattern, string Field)[] FieldAliases =
    [
        (new Regex("拖欠|欠薪|工程款"), "两拖欠"), (new Regex("劳动|社保|工伤|就业|养老"), "劳动社保"),
        (new Regex("城乡|建设|拆迁|物业|住房|房屋|违建"), "城乡建设"), (new Regex("市场|消费|食品|商家"), "市场监管"),
        (new Regex("法院|诉讼|判决|涉法|涉诉|公安|检察"), "涉法涉诉"), (new Regex("土地|自然资源|宅基地|承包地"), "自然资源"),
        (new Regex("环境|污染|生态|噪音"), "生态环境"), (new Regex("教育|学校|卫生|医院|医疗"), "教育卫生"),
        (new Regex("其他|其它|别的"), "其他"),
    ];

    /// <summary>Checks an answer. The value returned is what gets stored (for the ID number: the clear number to protect).</summary>
    public static FieldCheck Check(FormField field, string input, DateOnly today)
    {
        var text = ChineseText.ToHalfWidth(input).Trim().TrimEnd('。', '.', '！', '!');
        // The citizen's own words are kept as typed (full-width ，。 included), trimmed only.
        var asTyped = input.Trim();
        switch (field)
        {
            case FormField.Name:
            {
                var name = NamePrefix().Replace(text, "").Trim();
                if (Anonymous().IsMatch(name))
                    return FieldCheck.Fail("按照《信访工作条例》第十九条，反映问题需要写明姓名（名称）和住址，方便有关单位联系和答复您。您的信息只用于办理本事项。请告诉我您的姓名：");
                if (AnyDigit().IsMatch(name)) return FieldCheck.Fail("姓名里不应有数字，请输入您的真实姓名。");
                if (NotAName().IsMatch(name)) return FieldCheck.Fail("这看起来不像姓名。请输入您的姓名（单位反映的写单位名称）。");
                if (name.Length < 2) return FieldCheck.Fail("姓名至少2个字，请输入您的真实姓名。");
                if (name.Length > 30) return FieldCheck.Fail("姓名太长了（最多30个字）；单位反映的请写单位名称。");
                return FieldCheck.Ok(name);
            }
            case FormField.IdNumber:
                return IdNumber.Check(text, today);
            case FormField.Phone:
                return PhoneNumber.Check(text);
            case FormField.Address:
                if (text.Length < 6 || !AnyHan().IsMatch(text))
                    return FieldCheck.Fail("住址请写详细一些：写到街道（乡镇）、小区或村和门牌号，例如“城关街道幸福路12号3单元201室”。");
                return text.Length > 120 ? FieldCheck.Fail("住址太长了，请控制在120个字以内。") : FieldCheck.Ok(text);
            case FormField.Locality:
                if (!LocalityWords().IsMatch(text) || text.Length < 2)
                    return FieldCheck.Fail("问题发生地请写到街道或乡镇一级，例如“城关街道”或“柳林镇”。");
                return text.Length > 60 ? FieldCheck.Fail("问题发生地请控制在60个字以内，写到街道或乡镇即可。") : FieldCheck.Ok(text);
            case FormField.ConcernedUnit:
                return text.Length > 80 ? FieldCheck.Fail("单位名称请控制在80个字以内。") : FieldCheck.Ok(text);
            case FormField.Category:
                return MatchCategory(text) is { } category
                    ? FieldCheck.Ok(category)
                    : FieldCheck.Fail("请回复 1、2、3 或类别名称：建议意见、检举控告、申诉求决。");
            case FormField.Field:
                return MatchFieldOfWork(text) is { } fieldOfWork
                    ? FieldCheck.Ok(fieldOfWork)
                    : FieldCheck.Fail("请从列表中选择领域，回复序号（1-9）或名称，例如“劳动社保”。");
            case FormField.Request:
                if (text.Length < 4) return FieldCheck.Fail("诉求写得太简单了，请具体说说希望解决什么，例如“要求支付拖欠的三个月工资”。");
                return asTyped.Length > 1000 ? FieldCheck.Fail("诉求请控制在1000个字以内，详细经过可以写在事实和理由里。") : FieldCheck.Ok(asTyped);
            case FormField.FactsAndReasons:
                if (text.Length < 10) return FieldCheck.Fail("事实和理由请至少写10个字：什么时间、在哪里、发生了什么，以及您的理由。");
                return asTyped.Length > 3000 ? FieldCheck.Fail("事实和理由请控制在3000个字以内，其余可以用照片或材料补充。") : FieldCheck.Ok(asTyped);
            case FormField.RaisedBefore:
                // Everyday answers: "没有，头一回" is no, "反映过的，到社区讲过两回" is yes.
                if (No().IsMatch(text) || NoSentence().IsMatch(text)) return FieldCheck.Ok("否");
                if (Yes().IsMatch(text) || YesSentence().IsMatch(text)) return FieldCheck.Ok("是");
                return FieldCheck.Fail("请回复“是”或“否”：这件事以前反映过吗？");
            case FormField.EarlierTrackingNo:
                if (Petitions.Status.PetitionLookup.FindTrackingNo(text) is { } no) return FieldCheck.Ok(no);
                return text.Length is >= 4 and <= 40
                    ? FieldCheck.Ok(text)
                    : FieldCheck.Fail("事项编号一般像 XF20260101-0001；不记得可以回复“跳过”。");
            case FormField.PeopleCount:
            {
                if (JustMe().IsMatch(text)) return FieldCheck.Ok("1");
                var plain = About().Replace(text, "");
                if (ChineseText.ParseRange(plain) is { } range)
                    return FieldCheck.Ok(range.Low.ToString(System.Globalization.CultureInfo.InvariantCulture)) with
                    {
                        Note = $"您说的是“{text}”，大约{range.Low}到{range.High}，先按{range.Low}登记；知道准确人数的，请回复“人数改为…”。",
                    };
                var count = ChineseText.ParseCount(plain);
                if (count is null) return FieldCheck.Fail("请回复人数（数字），例如 1 或 6。");
                if (count < 1) return FieldCheck.Fail("人数至少是1（您本人）。");
                if (count > 100_000) return FieldCheck.Fail("人数太大了，请核对后重新输入。");
                return FieldCheck.Ok(count.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            case FormField.Representatives:
            {
                var names = NameSeparators().Split(text).Where(n => n.Length > 0).ToList();
                if (names.Count == 0) return FieldCheck.Fail("请至少写1名代表的姓名。");
                // 信访工作条例 第二十条's "不得超过5人" binds 走访 (visits) only; online the bureau asks for up to five contacts
                // in the same spirit, so no article is cited to the citizen.
                if (names.Count > 5) return FieldCheck.Fail($"代表最多5人，您写了{names.Count}人，请减少后重新输入。");
                if (names.Any(n => n.Length < 2 || n.Length > 20 || AnyDigit().IsMatch(n)))
                    return FieldCheck.Fail("代表姓名每个2到20个字、不含数字，多个姓名用顿号隔开，例如“张三、李四”。");
                return FieldCheck.Ok(string.Join("、", names));
            }
            default:
                return FieldCheck.Ok(text);
        }
    }

    public static string? MatchCategory(string text)
    {
        var t = text.Trim();
        if (t is "1") return Categories[0];
        if (t is "2") return Categories[1];
        if (t is "3") return Categories[2];
        if (SuggestionWords().IsMatch(t)) return Categories[0];
        if (AccusationWords().IsMatch(t)) return Categories[1];
        if (GrievanceWords().IsMatch(t)) return Categories[2];
        return null;
    }

    public static string? MatchFieldOfWork(string text)
    {
        var t = text.Trim();
        if (int.TryParse(t, out var n) && n >= 1 && n <= FieldsOfWork.Length) return FieldsOfWork[n - 1];
        var exact = FieldsOfWork.FirstOrDefault(f => f == t);
        if (exact is not null) return exact;
        return FieldAliases.FirstOrDefault(a => a.Pattern.IsMatch(t)).Field;
    }

    public static PetitionCategory ToCategory(string? label) => label switch
    {
        "建议意见" => PetitionCategory.Suggestion,
        "检举控告" => PetitionCategory.Accusation,
        _ => PetitionCategory.Grievance,
    };

    /// <summary>The value as shown in the confirmation summary, with ID and phone masked.</summary>
    public static string Display(FormField f, DraftPetition d) => f switch
    {
        FormField.Name => d.Name ?? "",
        FormField.IdNumber => d.IdNumberMasked ?? "",
        FormField.Phone => d.Phone is { } p ? PhoneNumber.Mask(p) : "",
        FormField.Address => d.Address ?? "",
        FormField.Locality => d.Locality ?? "",
        FormField.ConcernedUnit => string.IsNullOrEmpty(d.ConcernedUnit) ? "（未填）" : d.ConcernedUnit,
        FormField.Category => d.Category ?? "",
        FormField.Field => d.Field ?? "",
        FormField.Request => d.Request ?? "",
        FormField.FactsAndReasons => d.FactsAndReasons ?? "",
        FormField.RaisedBefore => d.RaisedBefore switch { true => "是", false => "否", _ => "" },
        FormField.EarlierTrackingNo => string.IsNullOrEmpty(d.EarlierTrackingNo) ? "（未填）" : d.EarlierTrackingNo,
        FormField.PeopleCount => d.PeopleCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        FormField.Representatives => string.Join("、", d.Representatives),
        FormField.Photos => d.Photos.Count == 0 ? "无" : $"{d.Photos.Count}张",
        _ => "",
    };

}
