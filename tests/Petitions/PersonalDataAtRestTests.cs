using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Channels.Web.DirectLine;
using PetitionBot.Bot.Conversation.Persistence;
using PetitionBot.Bot.Data;
using PetitionBot.Tests.BotFramework;
using PetitionBot.Tests.DirectLine;
using PetitionBot.Tests.Support;
using PetitionBot.Tests.WeChat;

namespace PetitionBot.Tests.Petitions;

/// <summary>
/// A citizen files a petition on every channel; afterwards the ID number typed is nowhere in the database file (main
/// file and write-ahead log, free pages included) nor in the log.
/// </summary>
public class PersonalDataAtRestTests
{
    private static string[] Form(string id, string phone) =>
    [
        "我要反映问题", "欧阳娜娜", id, phone, "城关街道幸福路12号", "城关街道", "宏达建筑有限公司", "3", "两拖欠",
        "要求支付拖欠的三个月工资", $"8月到10月在宏达建筑有限公司工地干活，三个月工资一直没发。我的身份证号是{id}", "否", "1", "好了",
        "确认提交",
    ];

    [Fact]
    public async Task An_id_number_filed_on_any_channel_is_not_stored_or_logged_in_clear_nor_the_name_or_phone_logged()
    {
        var logs = new CollectingLoggerProvider();
        await using var cloud = await FakeBotFrameworkCloud.StartAsync();
        await using var api = await FakeWeChatApi.StartAsync();
        await using var app = new WeChatApp(api, settings =>
        {
            foreach (var (key, value) in ChannelTestApp.BotFrameworkSettings(cloud)) settings[key] = value;
            settings["DirectLine:TokenBurst"] = "100";
            settings["Logging:LogLevel:Default"] = "Trace";
        }, realEngine: true, fakeTime: false, services: s => s.AddSingleton<ILoggerProvider>(logs), db: Db.Sqlite); // reads the SQLite files

        // One ID number per channel, the last one typed with a small x as people do.
        const string chatId = "110101198506121234", directLineId = "320102199001014564",
            weChatId = "440305197811207892", botFrameworkId = "11010519491231002x";

        var chat = app.CreateClient();
        foreach (var text in Form(chatId, "13800138001"))
            (await chat.PostAsJsonAsync("/api/chat", new { user = "web-atrest", text })).EnsureSuccessStatusCode();

        var directLine = new DirectLineClient(app.CreateClient());
        (await directLine.GenerateAsync()).EnsureSuccessStatusCode();
        (await directLine.StartAsync()).EnsureSuccessStatusCode();
        foreach (var text in Form(directLineId, "13800138002")) (await directLine.SayAsync(text)).EnsureSuccessStatusCode();
        Assert.Contains((await directLine.PollAsync()), a => a.Str("text")?.Contains("已提交") == true);

        var weChatUser = "o_atrest_" + Guid.NewGuid().ToString("N")[..8];
        var msgId = 9_100_000L;
        foreach (var text in Form(weChatId, "13800138003"))
            await app.PostSafeAsync(WeChatApp.Text(weChatUser, text, msgId++)).OkBodyAsync();

        var conversation = "conv-atrest";
        var botFramework = app.CreateClient();
        foreach (var text in Form(botFrameworkId, "13800138004"))
        {
            var activity = new JsonObject
            {
                ["type"] = "message",
                ["id"] = "act-" + Guid.NewGuid().ToString("N"),
                ["serviceUrl"] = cloud.ServiceUrl,
                ["channelId"] = "webchat",
                ["from"] = new JsonObject { ["id"] = "user-atrest" },
                ["conversation"] = new JsonObject { ["id"] = conversation },
                ["recipient"] = new JsonObject { ["id"] = "28:bot" },
                ["text"] = text,
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
            request.Headers.Authorization = new("Bearer", cloud.CreateToken(cloud.ServiceUrl));
            Assert.Equal(HttpStatusCode.OK, (await botFramework.SendAsync(request)).StatusCode);
        }

        var filed = await app.WithDbAsync(db => Task.FromResult(db.Petitions.Count()));
        Assert.Equal(4, filed);

        var files = Directory.GetFiles(app.Database.Folder, "petitions.db*");
        Assert.Contains(files, f => f.EndsWith("petitions.db-wal", StringComparison.Ordinal));
        var stored = string.Concat(files.Select(f =>
        {
            using var read = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            read.CopyTo(copy);
            return Encoding.UTF8.GetString(copy.ToArray());
        }));
        var logged = string.Join("\n", logs.Messages);
        Assert.Contains("XF", logged); // the log was captured
        foreach (var id in new[] { chatId, directLineId, weChatId, botFrameworkId, botFrameworkId.ToUpperInvariant() })
        {
            var at = stored.IndexOf(id, StringComparison.Ordinal);
            Assert.False(at >= 0, $"{id} is stored in clear: …{(at >= 0 ? stored.Substring(Math.Max(0, at - 300), 400) : "")}…");
            Assert.False(logged.Contains(id, StringComparison.Ordinal), $"{id} is logged in clear");
        }
        // 姓名 and 电话 are stored (the clerk needs them) but never logged, at any level.
        foreach (var clear in new[] { "欧阳娜娜", "13800138001", "13800138002", "13800138003", "13800138004" })
            Assert.False(logged.Contains(clear, StringComparison.Ordinal), $"{clear} is logged in clear");
    }

    [Fact]
    public async Task Conversations_and_direct_line_activities_are_deleted_after_the_retention()
    {
        await using var host = BotHost.Start();
        await host.SayAsync("web-old-user", "你好");
        var directLine = new DirectLineClient(host.Client);
        (await directLine.GenerateAsync()).EnsureSuccessStatusCode();
        (await directLine.StartAsync()).EnsureSuccessStatusCode();
        (await directLine.SayAsync("我要反映问题")).EnsureSuccessStatusCode();
        var unused = new DirectLineClient(host.Client);
        (await unused.GenerateAsync()).EnsureSuccessStatusCode(); // a token nobody connected with

        host.Time.Advance(TimeSpan.FromHours(1));
        await host.Services.GetRequiredService<HousekeepingService>().RunOnceAsync(CancellationToken.None);
        Assert.Equal((1, 0), await CountsAsync(host, unused.ConversationId!)); // only the expired, unused token's conversation went

        host.Time.Advance(TimeSpan.FromDays(31));
        await host.SayAsync("web-new-user", "你好");
        await host.Services.GetRequiredService<HousekeepingService>().RunOnceAsync(CancellationToken.None);

        await host.WithDbAsync(async db =>
        {
            Assert.Equal(["web-new-user"], await db.Set<ConversationRecord>().Select(c => c.UserId).ToListAsync());
            Assert.All(await db.Set<ConversationLine>().ToListAsync(), l => Assert.Equal("web-new-user", l.UserId));
            Assert.Empty(await db.Set<DirectLineActivity>().ToListAsync());
            Assert.Empty(await db.Set<DirectLineConversation>().ToListAsync());
        });
    }

    private static async Task<(int Used, int Unused)> CountsAsync(BotHost host, string unusedId) =>
        await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PetitionDbContext>();
            var all = await db.Set<DirectLineConversation>().Select(c => c.Id).ToListAsync();
            return (all.Count(id => id != unusedId), all.Count(id => id == unusedId));
        });
}
