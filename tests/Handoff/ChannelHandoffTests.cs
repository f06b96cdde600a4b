using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Channels.WeChat;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Tests.BotFramework;
using PetitionBot.Tests.WeChat;

namespace PetitionBot.Tests.Handoff;

/// <summary>The same 转人工 flow on WeChat (customer-service messages) and Bot Framework (proactive messages), against the fakes.</summary>
public sealed class ChannelHandoffTests
{
    private static async Task<IReadOnlyList<T>> WaitForAsync<T>(Func<IReadOnlyList<T>> read, int atLeast)
    {
        var clock = Stopwatch.StartNew();
        while (read().Count < atLeast && clock.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(100);
        await Task.Delay(500); // and a moment longer: a second copy would show up now
        return read();
    }

    [Fact]
    public async Task WeChat_citizen_hands_off_from_the_menu_gets_the_lawyers_reply_once_as_a_customer_service_message_and_after_close_the_bot_answers()
    {
        await using var api = await FakeWeChatApi.StartAsync();
        await using var app = new WeChatApp(api, realEngine: true, fakeTime: false);
        var user = "o" + Guid.NewGuid().ToString("N")[..20];
        var msgId = Random.Shared.NextInt64(1_000_000, long.MaxValue / 2);

        // The custom menu's 转人工 entry (a CLICK event), as a citizen on WeChat would use it.
        var told = WeChatApp.ContentOf(await app.PostPlainAsync(WeChatApp.Event(user, "CLICK", "handoff", createTime: 1764036001)).OkBodyAsync());
        var silent = await app.PostPlainAsync(WeChatApp.Text(user, "编号丁 公司拖欠工资三个月", msgId + 1)).OkBodyAsync();
        // The customer-service window opens once WeChat's message is recorded (after the passive reply went out).
        for (var i = 0; i < 200 && !await app.WithDbAsync(db => db.Set<WeChatUserWindow>().AnyAsync(w => w.UserId == user)); i++)
            await Task.Delay(50);
        var office = await HandoffOffice.SignInAsync(app, OfficeRole.DutyLawyer, "张律师");
        var id = (await HandoffOffice.FindAsync(office, "编号丁")).GetProperty("id").GetInt64();
        var posted = await HandoffOffice.ReplyAsync(office, id, "请问您有劳动合同吗？");
        IReadOnlyList<ApiCall> Sends() => api.CallsTo("/cgi-bin/message/custom/send")
            .Where(c => c.Body?["touser"]?.GetValue<string>() == user).ToList();
        var sent = await WaitForAsync(Sends, 1);

        Assert.Contains("人工服务", told);
        Assert.True(silent is "success" or "", $"the bot answered during the hand-off: {silent}");
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var reply = Assert.Single(sent);
        Assert.Equal("text", reply.Body!["msgtype"]!.GetValue<string>());
        Assert.Equal("值班律师 张律师：请问您有劳动合同吗？", reply.Body["text"]!["content"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await HandoffOffice.CloseAsync(office, id)).StatusCode);
        var afterClose = await WaitForAsync(Sends, 2);
        var answer = WeChatApp.ContentOf(await app.PostPlainAsync(WeChatApp.Text(user, "你好", msgId + 2)).OkBodyAsync());

        Assert.Contains("人工服务已结束", afterClose[^1].Body!["text"]!["content"]!.GetValue<string>());
        Assert.Contains("我是信访助手", answer);
    }

    [Fact]
    public async Task Bot_Framework_citizen_hands_off_gets_the_reply_once_as_a_proactive_message_and_after_close_the_bot_answers()
    {
        await using var cloud = await FakeBotFrameworkCloud.StartAsync();
        await using var app = new ChannelTestApp(ChannelTestApp.BotFrameworkSettings(cloud), realEngine: true);
        var id = Guid.NewGuid().ToString("N")[..12];
        var conversation = $"conv-{id}";
        var n = 0;
        async Task<HttpStatusCode> SayAsync(string text)
        {
            var activity = new JsonObject
            {
                ["type"] = "message", ["id"] = $"act-{id}-{++n}", ["serviceUrl"] = cloud.ServiceUrl, ["channelId"] = "webchat",
                ["from"] = new JsonObject { ["id"] = $"user-{id}", ["name"] = "张三" },
                ["conversation"] = new JsonObject { ["id"] = conversation },
                ["recipient"] = new JsonObject { ["id"] = "28:bot", ["name"] = "信访助手" },
                ["text"] = text, ["locale"] = "zh-CN",
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = System.Net.Http.Json.JsonContent.Create(activity) };
            request.Headers.Authorization = new("Bearer", cloud.CreateToken(cloud.ServiceUrl));
            return (await app.CreateClient().SendAsync(request)).StatusCode;
        }
        IReadOnlyList<ConnectorCall> Messages() => cloud.CallsFor(conversation).Where(c => c.Type == "message").ToList();

        await SayAsync("转人工");
        var told = Messages().Count;
        await SayAsync("编号戊 邻居占用楼道");
        var silent = Messages().Count - told;
        var office = await HandoffOffice.SignInAsync(app, OfficeRole.Registrar, "李四");
        var handoff = (await HandoffOffice.FindAsync(office, "编号戊")).GetProperty("id").GetInt64();
        var posted = await HandoffOffice.ReplyAsync(office, handoff, "您好，已记录，社区会联系您。");
        var calls = await WaitForAsync(() => Messages().Where(c => c.Text?.Contains("社区会联系您") == true).ToList(), 1);

        Assert.Equal(1, told);
        Assert.Contains("人工服务", Messages()[0].Text);
        Assert.Equal(0, silent);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var reply = Assert.Single(calls);
        Assert.Equal("工作人员 李四：您好，已记录，社区会联系您。", reply.Text);
        Assert.Null(reply.ReplyToId); // proactive, not an answer to an activity

        Assert.Equal(HttpStatusCode.OK, (await HandoffOffice.CloseAsync(office, handoff)).StatusCode);
        await WaitForAsync(() => Messages().Where(c => c.Text?.Contains("人工服务已结束") == true).ToList(), 1);
        var before = Messages().Count;
        await SayAsync("你好");

        Assert.Contains(Messages().Skip(before), c => c.Text?.Contains("我是信访助手") == true);
    }
}
