using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Llm;

/// <summary>A whole story told when filing starts: the model proposes the form's items, the citizen confirms them.</summary>
public class StoryToFormTests : IAsyncLifetime
{
    private const string Id = "110101198506121234";
    private const string Phone = "13800138001";

    // Name, ID and phone in it, and the matter; long enough to be read as a story.
    private const string Story =
        "我要反映问题：我叫欧阳娜娜，身份证" + Id + "，手机" + Phone + "，住在城关街道幸福路12号。今年8月到10月我在柳林镇" +
        "宏达建筑有限公司的工地干活，老板一直拖欠三个月工资，希望有关部门帮忙讨回工资。";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private BotHost _bot = null!;
    private FakeChatServer Model => _bot.Model!;

    public async Task InitializeAsync() => _bot = await BotHost.StartWithModelAsync(new BotHostOptions
    {
        Settings = new Dictionary<string, string?> { ["Llm:Timeout"] = Timeout.ToString() },
        // The call's time-out runs on the bot's clock; the test's fixed clock would never let it expire.
        Services = services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(TimeProvider.System);
        },
    });

    public Task DisposeAsync() => _bot.DisposeAsync().AsTask();

    /// <summary>What a model would read from <see cref="Story"/>; <paramref name="change"/> spoils or adds items.</summary>
    private static string Extraction(Action<JsonObject>? change = null)
    {
        var json = new JsonObject
        {
            ["name"] = "欧阳娜娜",
            ["address"] = "城关街道幸福路12号",
            ["locality"] = "柳林镇",
            ["concernedUnit"] = "宏达建筑有限公司",
            ["category"] = "申诉求决",
            ["field"] = "两拖欠",
            ["request"] = "要求支付拖欠的三个月工资",
            ["factsAndReasons"] = "今年8月到10月我在柳林镇宏达建筑有限公司的工地干活，老板一直拖欠三个月工资。",
            ["raisedBefore"] = false,
            ["peopleCount"] = 1,
        };
        change?.Invoke(json);
        return json.ToJsonString();
    }

    private static bool AsksForJson(ChatRequest r) => (string?)r.Json["response_format"]?["type"] == "json_object";

    private string User() => "citizen-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_good_reading_is_shown_pre_filled_for_the_citizen_to_confirm()
    {
        Model.Respond = _ => FakeChatServer.Reply(Extraction());
        var reply = await _bot.SayAsync(User(), Story);

        var request = Assert.Single(Model.Requests);
        Assert.True(AsksForJson(request));
        Assert.Contains("以下是根据您的描述整理的内容，请核对", reply.AllText);
        Assert.Contains("问题发生地：柳林镇", reply.AllText);
        Assert.Contains("诉求：要求支付拖欠的三个月工资", reply.AllText);
        Assert.Contains("以前是否反映过：否", reply.AllText);
        // Found locally, shown masked.
        Assert.Contains("身份证号：1101**********1234", reply.AllText);
        Assert.Contains("联系电话：138****8001", reply.AllText);
        Assert.Equal(["没问题", "修改"], reply.Replies[^1].Choices);
        var petitions = 0;
        await _bot.WithDbAsync(async db => petitions = await db.Petitions.CountAsync());
        Assert.Equal(0, petitions);
    }

    [Fact]
    public async Task The_model_sees_placeholders_and_the_story_only_as_data()
    {
        Model.Respond = _ => FakeChatServer.Reply(Extraction());
        await _bot.SayAsync(User(), Story);

        var request = Assert.Single(Model.Requests);
        Assert.DoesNotContain(Id, request.Body);
        Assert.DoesNotContain(Phone, request.Body);
        Assert.DoesNotContain("1234", request.User);
        Assert.DoesNotContain("8001", request.User);
        Assert.Contains("身份证[身份证号已填写]，手机[电话已填写]", request.User);
        Assert.StartsWith("<陈述>", request.User);
        Assert.DoesNotContain("欧阳娜娜", request.System);
        Assert.DoesNotContain("宏达", request.System);
    }

    [Fact]
    public async Task A_value_that_fails_its_check_is_asked_as_usual()
    {
        Model.Respond = _ => FakeChatServer.Reply(Extraction(j =>
        {
            j["peopleCount"] = "很多";
            j["name"] = null;
        }));
        var user = User();
        var review = await _bot.SayAsync(user, Story);
        Assert.Contains("以下是根据您的描述整理的内容", review.AllText);
        Assert.DoesNotContain("反映人数：", review.AllText);
        // The name the patterns found is kept; the number of people is asked.
        Assert.Contains("姓名：欧阳娜娜", review.AllText);

        var next = await _bot.SayAsync(user, "没问题");
        Assert.Contains("一共有几个人一起反映这件事", next.AllText);
    }

    [Theory]
    [InlineData("好的，整理如下：{\"name\":\"欧阳娜娜\"}")]
    [InlineData("```json\n{\"name\":\"欧阳娜娜\"}\n```")]
    [InlineData("{\"name\":\"欧阳娜娜\",\"locality\":[\"柳林镇\"]}")]
    [InlineData("{\"name\":\"欧阳娜娜\",\"peopleCount\":1.5}")]
    [InlineData("[\"欧阳娜娜\"]")]
    [InlineData("{\"name\":\"欧阳娜娜\"")]
    public async Task A_malformed_reading_is_ignored_and_the_form_goes_on_as_usual(string body)
    {
        Model.Respond = _ => FakeChatServer.Reply(body);
        var reply = await _bot.SayAsync(User(), Story);

        Assert.Single(Model.Requests);
        Assert.DoesNotContain("以下是根据您的描述整理的内容", reply.AllText);
        Assert.Contains("已根据您的描述预先填好", reply.AllText);
    }

    [Fact]
    public async Task A_model_that_never_answers_costs_no_more_than_the_time_out()
    {
        Model.Respond = _ => FakeChatServer.Hang();
        var user = User();
        await _bot.SayAsync(user, "你好");

        var watch = Stopwatch.StartNew();
        var reply = await _bot.SayAsync(user, Story);
        watch.Stop();

        Assert.True(watch.Elapsed < Timeout + TimeSpan.FromSeconds(1.5), $"took {watch.Elapsed}");
        Assert.DoesNotContain("以下是根据您的描述整理的内容", reply.AllText);
        Assert.Contains("已根据您的描述预先填好", reply.AllText);
    }

    [Fact]
    public async Task The_first_answer_about_the_matter_may_be_the_whole_story()
    {
        Model.Respond = _ => FakeChatServer.Reply(Extraction());
        var user = User();
        foreach (var text in new[] { "我要反映问题", "欧阳娜娜", Id, Phone, "城关街道幸福路12号", "柳林镇", "宏达建筑有限公司", "3", "两拖欠" })
            await _bot.SayAsync(user, text);
        Assert.Empty(Model.Requests);

        var review = await _bot.SayAsync(user, Story);
        Assert.Single(Model.Requests);
        Assert.Contains("以下是根据您的描述整理的内容", review.AllText);
        Assert.Contains("诉求：要求支付拖欠的三个月工资", review.AllText);
        Assert.Contains("事实和理由：今年8月到10月", review.AllText);

        var next = await _bot.SayAsync(user, "没问题");
        Assert.Contains("有照片或材料要一起提交吗", next.AllText);
    }

    [Fact]
    public async Task A_story_told_as_a_question_just_before_filing_is_read_when_filing_starts()
    {
        Model.Respond = r => FakeChatServer.Reply(AsksForJson(r) ? Extraction() : "资料不足");
        var user = User();
        await _bot.SayAsync(user, "老板拖欠我三个月工资怎么办？" + Story["我要反映问题：".Length..]);
        var review = await _bot.SayAsync(user, "我要反映问题");

        Assert.Contains("以下是根据您的描述整理的内容", review.AllText);
        Assert.Single(Model.Requests, AsksForJson);
        foreach (var request in Model.Requests)
        {
            Assert.DoesNotContain(Id, request.Body);
            Assert.DoesNotContain(Phone, request.Body);
            // Not even the masked forms the triage kept (1101**********1234, 138****8001).
            Assert.DoesNotContain("*1234", request.User);
            Assert.DoesNotContain("*8001", request.User);
        }
    }

    [Fact]
    public async Task A_whole_filing_from_a_story_sends_the_model_no_id_or_phone_and_files_only_when_confirmed()
    {
        Model.Respond = r => FakeChatServer.Reply(AsksForJson(r) ? Extraction() : "资料不足");
        var user = User();
        var review = await _bot.SayAsync(user, Story);
        Assert.Contains("以下是根据您的描述整理的内容", review.AllText);

        Assert.Contains("已更新联系电话", (await _bot.SayAsync(user, "电话写错了，应该是13900139002")).AllText);
        Assert.Contains("有照片或材料要一起提交吗", (await _bot.SayAsync(user, "没问题")).AllText);
        var summary = await _bot.SayAsync(user, "好了");
        Assert.Contains("请核对您填写的信息", summary.AllText);
        Assert.Contains("联系电话：139****9002", summary.AllText);
        var petitions = 0;
        await _bot.WithDbAsync(async db => petitions = await db.Petitions.CountAsync());
        Assert.Equal(0, petitions);

        Assert.Contains("已提交", (await _bot.SayAsync(user, "确认提交")).AllText);
        Assert.NotEmpty(Model.Requests);
        foreach (var request in Model.Requests)
        {
            Assert.DoesNotContain(Id, request.Body);
            Assert.DoesNotContain(Phone, request.Body);
            Assert.DoesNotContain("13900139002", request.Body);
        }
    }
}
