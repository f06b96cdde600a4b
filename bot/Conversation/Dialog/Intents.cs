using System.Text.RegularExpressions;

namespace PetitionBot.Bot.Conversation.Dialog;

/// <summary>The words and phrases the bot understands as commands, in one place.</summary>
public static partial class Intents
{
    /// <summary>The main menu, in the order of <see cref="MenuIntents.All"/>.</summary>
    public static readonly string[] MenuChoices = ["法规咨询", "我该走什么途径", "我要反映问题", "查询办理进度", "评价"];

    [GeneratedRegex(@"^(取消|取消填写|取消登记|退出|不填了|不办了|不登记了|算了|结束|不用了|不提交了|不提交)[。！!]?$")]
    public static partial Regex Cancel();

    [GeneratedRegex(@"^(你好|您好|hi|hello|嗨|在吗|在不在|菜单|主菜单|帮助|help|开始|返回菜单|回到菜单|首页|menu)[啊呀吗呢？?！!。~]*$", RegexOptions.IgnoreCase)]
    public static partial Regex Menu();

    [GeneratedRegex(@"^(返回|上一步|回到上一步|后退|退回)[。！!]?$")]
    public static partial Regex Back();

    [GeneratedRegex(@"^(跳过|没有|无|不知道|略过|不清楚|没|暂无|不填|没有了|不记得|忘了)[。！!]?$")]
    public static partial Regex Skip();

    [GeneratedRegex(@"^(继续|继续填写|接着填|接着填写|继续上次的填写|继续上次|好的继续|是的?|好)[。！!]?$")]
    public static partial Regex Resume();

    [GeneratedRegex(@"^(重新开始|重新填写|重来|重新登记)[。！!]?$")]
    public static partial Regex Restart();

    [GeneratedRegex(@"^(确认提交|确认|提交|确定|确定提交|没问题|确认无误|无误)[。！!]?$")]
    public static partial Regex Confirm();

    [GeneratedRegex(@"^(修改|我要修改|改一下|需要修改|有误|要修改)[。！!]?$")]
    public static partial Regex Modify();

    [GeneratedRegex(@"我要(反映|投诉|举报|信访|上访|登记|提交|写信)|反映问题|我想反映|想反映|帮我登记|要反映|我想投诉|我要告状|登记信访|仍要登记|我要检举|我要控告")]
    public static partial Regex File();

    [GeneratedRegex(@"^(查询|查进度|查询进度|查询办理进度|办理进度|进度查询|进度|查询事项|我要查询)[。！!]?$|^查询\s*XF|^XF\d{8}-\d{4}", RegexOptions.IgnoreCase)]
    public static partial Regex Status();

    [GeneratedRegex(@"^(评价|我要评价|评价办理结果|办理评价|去评价)(\s*XF\d{8}-\d{4,})?[。！!]?$", RegexOptions.IgnoreCase)]
    public static partial Regex Rate();

    /// <summary>A 代为登记 confirmation code a grid worker gave the citizen: six digits, optionally after 确认码.</summary>
    [GeneratedRegex(@"^(?:(?:代为登记)?确认码|登记码)?[:：\s]*(\d{6})$")]
    public static partial Regex OnBehalfCode();

    /// <summary>领导接访日 / 走访预约: see the coming reception days and book one.</summary>
    [GeneratedRegex(@"领导接访|接访日|预约走访|走访预约|预约接访|预约来访|我想预约|我要预约|想预约|预约领导|^预约[。！!]?$")]
    public static partial Regex Visit();

    /// <summary>Cancels a visit booking, optionally with its number (YY1127-K7Q3) and the phone's last four digits.</summary>
    [GeneratedRegex(@"^(取消预约|取消走访预约|取消接访预约|不去了|预约取消)|^取消\s*YY\d{4}-", RegexOptions.IgnoreCase)]
    public static partial Regex CancelVisit();

    [GeneratedRegex(@"^(法规咨询|咨询|法律咨询|问法规|问问题|政策咨询)[。！!]?$")]
    public static partial Regex Consult();

    [GeneratedRegex(@"^(我该走什么途径|走什么途径|什么途径|途径|法律途径|该找谁|找谁)[？?。！!]?$")]
    public static partial Regex Route();

    [GeneratedRegex(@"[？?]\s*$|(吗|呢|么)[。！!～~]?\s*$|多久|多长时间|几天|怎么办|咋办|怎么|如何|能不能|可不可以|可以吗|是否|什么|哪些|哪里|哪个|为什么|有没有|咋")]
    private static partial Regex QuestionLike();

    public static bool IsQuestion(string text) => QuestionLike().IsMatch(text);

    /// <summary>"1".."5" or the menu words, as the index into <see cref="MenuChoices"/>.</summary>
    public static int? MenuIndex(string text)
    {
        if (text.Length == 1 && text[0] is >= '1' and <= '5') return text[0] - '1';
        if (Consult().IsMatch(text)) return 0;
        if (Route().IsMatch(text)) return 1;
        if (text is "我要反映问题" or "反映问题" or "我要反映") return 2;
        if (text is "查询办理进度" or "查询" or "查进度" or "办理进度" or "查询进度") return 3;
        if (Rate().IsMatch(text) && !text.Contains("XF", StringComparison.OrdinalIgnoreCase)) return 4;
        return null;
    }

    /// <summary>Matches a reply against offered choices: the number (1-based), the label, or a label that contains it.</summary>
    public static int? ChoiceIndex(string text, IReadOnlyList<string> choices)
    {
        var t = text.Trim().TrimEnd('。', '！', '!', '.');
        if (int.TryParse(t, out var n) && n >= 1 && n <= choices.Count) return n - 1;
        for (var i = 0; i < choices.Count; i++)
            if (string.Equals(choices[i], t, StringComparison.OrdinalIgnoreCase)) return i;
        if (t.Length >= 2)
        {
            for (var i = 0; i < choices.Count; i++)
                if (choices[i].StartsWith(t, StringComparison.Ordinal) || t.StartsWith(choices[i], StringComparison.Ordinal)) return i;
        }
        return null;
    }
}
