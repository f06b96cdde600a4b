using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PetitionBot.Bot.Data;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Data;

/// <summary>While the database cannot be reached: 503 with Retry-After, readiness fails, liveness holds, one warning.</summary>
public class DatabaseOutageTests
{
    [Fact]
    public async Task An_outage_gets_503_in_chinese_fails_readiness_and_is_logged_once()
    {
        var outage = new Outage();
        var logs = new CollectingLoggerProvider();
        await using var host = BotHost.Start(options: new BotHostOptions
        {
            FakeKnowledge = true,
            Services = s =>
            {
                s.ConfigurePetitionDatabase((_, o) => o.AddInterceptors(outage));
                s.AddSingleton<ILoggerProvider>(logs);
            },
        });
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsJsonAsync("/api/chat", new { user = "web-outage-1", text = "你好" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/healthz/ready")).StatusCode);

        var before = logs.Entries.Count;
        outage.Down = true;
        var failed = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
            failed.Add(await host.Client.PostAsJsonAsync("/api/chat", new { user = $"web-outage-{i + 10}", text = "查询 XF20261125-0001 1234" }));
        var ready = await host.Client.GetAsync("/healthz/ready");
        var live = await host.Client.GetAsync("/healthz/live");
        var warningsDuringOutage = logs.Entries.Skip(before).Where(e => e.Level >= LogLevel.Warning).ToList();

        outage.Down = false;
        var readyAgain = await host.Client.GetAsync("/healthz/ready");
        var chatAgain = await host.Client.PostAsJsonAsync("/api/chat", new { user = "web-outage-1", text = "你好" });

        Assert.All(failed, r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode));
        Assert.All(failed, r => Assert.Equal("30", r.Headers.GetValues("Retry-After").Single()));
        Assert.Contains("系统暂时无法访问数据库", await failed[0].Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var warning = Assert.Single(warningsDuringOutage);
        Assert.StartsWith("Database unavailable", warning.Text);
        Assert.Equal(HttpStatusCode.OK, readyAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, chatAgain.StatusCode);
        Assert.Contains(logs.Entries, e => e.Text.StartsWith("Database available again"));
    }

    [Fact]
    public async Task A_wechat_message_during_an_outage_gets_the_apology_and_one_warning()
    {
        var outage = new Outage();
        var logs = new CollectingLoggerProvider();
        await using var api = await PetitionBot.Tests.WeChat.FakeWeChatApi.StartAsync();
        await using var app = new PetitionBot.Tests.WeChat.WeChatApp(api, realEngine: true, fakeTime: false, services: s =>
        {
            s.ConfigurePetitionDatabase((_, o) => o.AddInterceptors(outage));
            s.AddSingleton<ILoggerProvider>(logs);
        });
        var user = PetitionBot.Tests.WeChat.WeChatFixture.NewUser();
        await PetitionBot.Tests.WeChat.HttpAssert.OkBodyAsync(app.PostSafeAsync(PetitionBot.Tests.WeChat.WeChatApp.Text(user, "你好", PetitionBot.Tests.WeChat.WeChatFixture.NewMsgId())));
        var before = logs.Entries.Count;

        outage.Down = true;
        var replies = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var body = await PetitionBot.Tests.WeChat.HttpAssert.OkBodyAsync(
                app.PostSafeAsync(PetitionBot.Tests.WeChat.WeChatApp.Text(user, "查询进度", PetitionBot.Tests.WeChat.WeChatFixture.NewMsgId())));
            replies.Add(PetitionBot.Tests.WeChat.WeChatApp.ContentOf(app.OpenSafeReply(body)));
        }
        outage.Down = false;

        // WeChat shows its users nothing of an HTTP status: they get a Chinese apology to try again.
        Assert.All(replies, r => Assert.Equal("抱歉，系统暂时出了点问题，您已填写的内容没有丢失。请稍后再发一次。", r));
        var warnings = logs.Entries.Skip(before).Where(e => e.Level >= LogLevel.Warning).ToList();
        Assert.True(warnings.Count == 1, string.Join("\n---\n", warnings.Select(w => w.Category + ": " + w.Text[..Math.Min(200, w.Text.Length)])));
    }

    /// <summary>Every connection the bot opens through EF fails while Down, as when the database server is stopped.</summary>
    private sealed class Outage : DbConnectionInterceptor
    {
        public volatile bool Down;

        public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            Down ? throw new SqliteException("unable to open database file", 14) : result;

        public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData,
            InterceptionResult result, CancellationToken cancellationToken = default) =>
            Down ? throw new SqliteException("unable to open database file", 14) : ValueTask.FromResult(result);
    }
}
