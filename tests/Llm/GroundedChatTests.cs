using System.Text.RegularExpressions;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Llm;

/// <summary>/api/chat with a model configured: the same checks as /api/ask before anything the model wrote is said.</summary>
public partial class GroundedChatTests : IAsyncLifetime
{
    private BotHost _bot = null!;
    private FakeChatServer Model => _bot.Model!;

    public async Task InitializeAsync() => _bot = await BotHost.StartWithModelAsync();

    public Task DisposeAsync() => _bot.DisposeAsync().AsTask();

    /// <summary>The first passage the bot sent, as 《法名》第X条: a citation the bot really retrieved.</summary>
    private static string FirstCitation(ChatRequest request) => FirstPassage().Match(request.User).Groups[1].Value;

    [GeneratedRegex(@"\[1\] (《[^》]+》第[^条]+条)")]
    private static partial Regex FirstPassage();

    [Fact]
    public async Task A_grounded_reply_is_what_the_citizen_reads()
    {
        Model.Respond = r => FakeChatServer.Reply($"信访事项要在规定的期限内办结，具体见{FirstCitation(r)}。");
        var reply = await _bot.SayAsync("citizen-llm-good", "信访事项多长时间办结");
        Assert.Single(Model.Requests, r => r.Stream); // the grounded reply (a choice among close cards may come before it)
        Assert.Contains("信访事项要在规定的期限内办结，具体见《", reply.AllText);
    }

    [Fact]
    public async Task An_invented_article_or_phone_never_reaches_the_citizen()
    {
        Model.Respond = r => FakeChatServer.Reply($"信访事项要在规定的期限内办结（{FirstCitation(r)}、《信访工作条例》第九十九条），可拨打13800138000催办。");
        var reply = await _bot.SayAsync("citizen-llm-bad", "信访事项多长时间办结");
        Assert.Single(Model.Requests, r => r.Stream);
        Assert.DoesNotContain("第九十九条", reply.AllText);
        Assert.DoesNotContain("13800138000", reply.AllText);
        Assert.Contains("60", reply.AllText);
    }

    [Fact]
    public async Task During_a_whole_filing_no_request_to_the_model_carries_the_id_or_phone_typed()
    {
        const string id = "110101198506121234", phone = "13800138001";
        Model.Respond = r => FakeChatServer.Reply($"请看{FirstCitation(r)}。");
        string[] turns =
        [
            $"我身份证是{id}，手机{phone}，信访事项多长时间办结",
            "我要反映问题", "欧阳娜娜", id, phone, "城关街道幸福路12号", "城关街道", "宏达建筑有限公司", "3", "两拖欠",
            "要求支付拖欠的三个月工资", $"8月到10月在宏达建筑有限公司工地干活，三个月工资一直没发。我的身份证号是{id}，电话{phone}", "否", "1", "好了",
            "确认提交",
        ];
        ChatResult? last = null;
        foreach (var text in turns) last = await _bot.SayAsync("citizen-llm-filing", text);
        Assert.Contains("已提交", last!.AllText);
        Assert.NotEmpty(Model.Requests);
        foreach (var request in Model.Requests)
        {
            Assert.DoesNotContain(id, request.Body);
            Assert.DoesNotContain(phone, request.Body);
        }
    }
}
