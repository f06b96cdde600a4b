using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Notifications;
using PetitionBot.Bot.Office.Audit;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Tests.DirectLine;
using PetitionBot.Tests.Office;

namespace PetitionBot.Tests.Handoff;

/// <summary>转人工 through the official Web Chat's protocol (Direct Line), with the real engine, the office API and the outbox.</summary>
public sealed class DirectLineHandoffTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    private async Task<DirectLineClient> CitizenAsync()
    {
        var client = new DirectLineClient(app.CreateClient());
        Assert.Equal(HttpStatusCode.OK, (await client.GenerateAsync()).StatusCode);
        await client.StartAsync();
        await client.PollAsync();
        return client;
    }

    private static JsonObject[] BotMessages(IEnumerable<JsonObject> activities) =>
        activities.Where(a => a["from"]?["role"]?.GetValue<string>() == "bot" && a["type"]?.GetValue<string>() == "message").ToArray();

    private static string Text(JsonObject activity) => activity["text"]!.GetValue<string>();

    /// <summary>Polls as Web Chat does until a bot message arrives or the time is up.</summary>
    private static async Task<List<JsonObject>> PollForAsync(DirectLineClient client, TimeSpan limit, Func<JsonObject, bool> wanted)
    {
        var seen = new List<JsonObject>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            seen.AddRange(BotMessages(await client.PollAsync()));
            if (seen.Any(wanted)) break;
            await Task.Delay(100);
        }
        return seen;
    }

    [Fact]
    public async Task A_citizen_who_says_zhuan_ren_gong_is_told_who_answers_and_appears_in_the_inbox_with_the_message_masked()
    {
        var citizen = await CitizenAsync();
        var office = await HandoffOffice.SignInAsync(app, OfficeRole.DutyLawyer, "张律师");

        await citizen.SayAsync("转人工");
        var told = BotMessages(await citizen.PollAsync());
        await citizen.SayAsync("我的工资被拖欠了，电话13812345678，请帮帮我");
        var silent = BotMessages(await citizen.PollAsync());

        var announce = Assert.Single(told);
        Assert.Contains("已为您转接人工服务", Text(announce));
        Assert.Contains("工作人员", Text(announce)); // no rota configured: 工作人员 answers, Monday 10:00 is inside office hours
        Assert.Contains("08:30–17:30", Text(announce));
        Assert.Empty(silent);
        var entry = await HandoffOffice.FindAsync(office, "我的工资被拖欠了");
        Assert.Equal("directline", entry.GetProperty("channel").GetString());
        Assert.Contains("138****5678", entry.GetProperty("lastText").GetString());
        Assert.DoesNotContain("13812345678", entry.GetProperty("lastText").GetString());
        Assert.True(entry.TryGetProperty("waitingSince", out _));
        Assert.True(entry.TryGetProperty("petition", out _));
    }

    [Fact]
    public async Task A_reply_from_the_inbox_reaches_web_chat_once_as_a_bot_activity_under_the_lawyers_name_and_after_close_the_bot_answers()
    {
        var citizen = await CitizenAsync();
        var office = await HandoffOffice.SignInAsync(app, OfficeRole.DutyLawyer, "李律师");
        await citizen.SayAsync("找律师");
        await citizen.SayAsync("房东不退押金怎么办 编号甲");
        await citizen.PollAsync();
        var id = (await HandoffOffice.FindAsync(office, "编号甲")).GetProperty("id").GetInt64();

        var clock = Stopwatch.StartNew();
        var posted = await HandoffOffice.ReplyAsync(office, id, "您好，请把租赁合同拍照发给我。");
        var arrived = await PollForAsync(citizen, TimeSpan.FromSeconds(5), a => Text(a).Contains("租赁合同"));
        var waited = clock.Elapsed;
        // However often the dispatcher runs again and the client polls, the reply is not shown twice.
        await app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        await Task.Delay(300);
        arrived.AddRange(BotMessages(await citizen.PollAsync()));

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var reply = Assert.Single(arrived, a => Text(a).Contains("租赁合同"));
        Assert.True(waited < TimeSpan.FromSeconds(5), $"the reply took {waited}");
        Assert.Equal("值班律师 李律师：您好，请把租赁合同拍照发给我。", Text(reply));
        Assert.Equal("值班律师 李律师", reply["from"]!["name"]!.GetValue<string>());
        Assert.Equal("bot", reply["from"]!["role"]!.GetValue<string>());
        var detail = "";
        for (var i = 0; i < 30 && !detail.Contains("（已送达）"); i++, await Task.Delay(100))
            detail = await office.GetStringAsync($"/office/handoffs/{id}");
        Assert.Contains("您好，请把租赁合同拍照发给我。", detail);
        Assert.Contains("（已送达）", detail); // the office sees that the citizen's channel took it

        Assert.Equal(HttpStatusCode.OK, (await HandoffOffice.CloseAsync(office, id)).StatusCode);
        var closing = await PollForAsync(citizen, TimeSpan.FromSeconds(5), a => Text(a).Contains("人工服务已结束"));
        await citizen.SayAsync("你好");
        var after = BotMessages(await citizen.PollAsync());

        Assert.Contains(closing, a => Text(a).Contains("人工服务已结束"));
        Assert.Contains(after, a => Text(a).Contains("我是信访助手"));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        var steps = await db.Set<AuditEntry>().AsNoTracking().Where(a => a.Subject == $"handoff:{id}").Select(a => a.Action).ToListAsync();
        Assert.Equal(["handoff.request", "handoff.reply", "handoff.close"], steps);
    }

    [Fact]
    public async Task Saying_hui_dao_ji_qi_ren_ends_the_hand_off_and_the_inbox_no_longer_lists_it()
    {
        var citizen = await CitizenAsync();
        var office = await HandoffOffice.SignInAsync(app, OfficeRole.Registrar, "王五");
        await citizen.SayAsync("人工客服");
        await citizen.SayAsync("编号乙 我想问问");
        await citizen.PollAsync();
        var id = (await HandoffOffice.FindAsync(office, "编号乙")).GetProperty("id").GetInt64();

        await citizen.SayAsync("回到机器人");
        var back = BotMessages(await citizen.PollAsync());
        var inbox = await office.GetStringAsync("/api/office/handoffs");
        var reply = await HandoffOffice.ReplyAsync(office, id, "还在吗？");

        Assert.Contains(back, a => Text(a).Contains("已结束人工服务"));
        Assert.DoesNotContain("编号乙", inbox);
        Assert.Equal(HttpStatusCode.Conflict, reply.StatusCode);
        Assert.Contains("已结束", await reply.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_empty_reply_is_refused_with_a_reason_and_nothing_is_sent()
    {
        var citizen = await CitizenAsync();
        var office = await HandoffOffice.SignInAsync(app, OfficeRole.Registrar, "赵六");
        await citizen.SayAsync("转人工");
        await citizen.SayAsync("编号丙");
        await citizen.PollAsync();
        var id = (await HandoffOffice.FindAsync(office, "编号丙")).GetProperty("id").GetInt64();

        var response = await HandoffOffice.ReplyAsync(office, id, "   ");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请填写回复内容", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_hand_off_taken_by_one_lawyer_cannot_be_answered_by_another()
    {
        var citizen = await CitizenAsync();
        var first = await HandoffOffice.SignInAsync(app, OfficeRole.DutyLawyer, "郑律师");
        var second = await HandoffOffice.SignInAsync(app, OfficeRole.DutyLawyer, "冯律师");
        await citizen.SayAsync("转人工");
        await citizen.SayAsync("编号辛");
        await citizen.PollAsync();
        var id = (await HandoffOffice.FindAsync(first, "编号辛")).GetProperty("id").GetInt64();

        var taken = await first.PostAsync($"/api/office/handoffs/{id}/take", null);
        var refused = await HandoffOffice.ReplyAsync(second, id, "我来回答");

        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("该会话已由值班律师 郑律师接手", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_clerk_takes_and_answers_through_the_inbox_page_and_the_reply_reaches_web_chat()
    {
        var citizen = await CitizenAsync();
        var office = await HandoffOffice.SignInAsync(app, OfficeRole.Registrar, "陈十");
        await citizen.SayAsync("人工服务");
        await citizen.SayAsync("编号壬 想咨询拆迁补偿");
        await citizen.PollAsync();
        var id = (await HandoffOffice.FindAsync(office, "编号壬")).GetProperty("id").GetInt64();
        var url = $"/office/handoffs/{id}";

        var take = await office.PostAsync($"{url}?handler=Take", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = OfficeApp.Token(await office.GetStringAsync(url)),
        }));
        var reply = await office.PostAsync($"{url}?handler=Reply", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["text"] = "请提供征收决定书。",
            ["__RequestVerificationToken"] = OfficeApp.Token(await office.GetStringAsync(url)),
        }));
        var arrived = await PollForAsync(citizen, TimeSpan.FromSeconds(5), a => Text(a).Contains("征收决定书"));
        var page = await office.GetStringAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, take.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        Assert.Single(arrived, a => Text(a) == "工作人员 陈十：请提供征收决定书。");
        Assert.Contains("已由 工作人员 陈十 接手", page);
    }
}
