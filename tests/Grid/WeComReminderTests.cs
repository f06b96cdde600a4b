using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Grid;
using PetitionBot.Bot.Notifications;
using PetitionBot.Tests.Office;
using PetitionBot.Tests.WeChat;

namespace PetitionBot.Tests.Grid;

/// <summary>Grid workers bound to WeCom get one app message a day when follow-ups in their grid are due.</summary>
public sealed class WeComReminderTests(WeComOffice office) : IClassFixture<WeComOffice>
{
    private static readonly DateOnly Monday = new(2026, 3, 2);

    private OfficeApp App => office.App;

    /// <summary>A grid with a WeCom-bound worker and the given follow-up dates on its ledger.</summary>
    private static async Task<string> GridWithFollowUpsAsync(OfficeApp app, params string[] nextFollowUps)
    {
        var grid = await GridOffice.CreateGridAsync(app);
        var (_, weCom) = await WeComOffice.CreateWorkerAsync(app, grid);
        var recorder = await GridOffice.SignInWorkerAsync(app, grid);
        foreach (var next in nextFollowUps) await GridOffice.RecordAsync(recorder.Client, GridOffice.Dispute(next: next));
        return weCom;
    }

    private static Task<int> QueueAsync(OfficeApp app, DateOnly day) =>
        app.InScopeAsync(sp => sp.GetRequiredService<FollowUpReminders>().QueueAsync(day, CancellationToken.None));

    private static Task<List<OutboxMessage>> OutboxForAsync(OfficeApp app, string weCom) =>
        app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.UserId == weCom).OrderBy(m => m.Id).ToListAsync());

    private static async Task<List<ApiCall>> SentToAsync(FakeWeChatApi api, string weCom, int atLeast)
    {
        for (var i = 0; i < 200; i++)
        {
            var sent = api.CallsTo("/cgi-bin/message/send").Where(c => c.Body?["touser"]?.GetValue<string>() == weCom).ToList();
            if (sent.Count >= atLeast) return sent;
            await Task.Delay(50);
        }
        return [];
    }

    [Fact]
    public async Task Worker_with_due_follow_ups_gets_one_WeCom_message_with_the_count_however_often_the_day_is_run()
    {
        var weCom = await GridWithFollowUpsAsync(App, "2026-03-04", "2026-03-04", "2026-03-10");
        var day = Monday.AddDays(2);

        await QueueAsync(App, day);
        await QueueAsync(App, day);

        var row = Assert.Single(await OutboxForAsync(App, weCom));
        Assert.Equal(("wecom", FollowUpReminders.Kind), (row.Channel, row.Kind));
        var sent = Assert.Single(await SentToAsync(office.Api, weCom, 1)).Body!;
        Assert.Equal(WeComOffice.AgentId, sent["agentid"]!.GetValue<int>());
        Assert.Equal("text", sent["msgtype"]!.GetValue<string>());
        Assert.Contains("今天有 2 件矛盾纠纷到了跟进日期", sent["text"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_next_day_brings_the_next_reminder()
    {
        var weCom = await GridWithFollowUpsAsync(App, "2026-03-04");

        await QueueAsync(App, Monday.AddDays(2));
        await QueueAsync(App, Monday.AddDays(3));

        Assert.Equal(2, (await OutboxForAsync(App, weCom)).Count);
    }

    [Fact]
    public async Task Worker_with_nothing_due_gets_no_message()
    {
        var weCom = await GridWithFollowUpsAsync(App, "2026-03-10");

        await QueueAsync(App, Monday.AddDays(2));

        Assert.Empty(await OutboxForAsync(App, weCom));
    }
}

/// <summary>The reminder service on the app's clock: at Grid:Reminders:At, Beijing time, once a day.</summary>
public sealed class WeComReminderScheduleTests : IAsyncLifetime
{
    private FakeWeChatApi _api = null!;
    private OfficeApp _app = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeWeChatApi.StartAsync();
        // The office clock starts at 10:00 Beijing time.
        _app = WeComOffice.Configure(new OfficeApp(), _api, reminders: true);
        _app.Settings["Grid:Reminders:At"] = "10:30";
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _api.DisposeAsync();
    }

    private Task<int> RowsAsync(string weCom) =>
        _app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<OutboxMessage>().CountAsync(m => m.UserId == weCom));

    private async Task<int> WaitForRowsAsync(string weCom, int count)
    {
        for (var i = 0; i < 100 && await RowsAsync(weCom) < count; i++) await Task.Delay(50);
        return await RowsAsync(weCom);
    }

    [Fact]
    public async Task Reminders_go_out_at_the_configured_time_once_a_day()
    {
        var grid = await GridOffice.CreateGridAsync(_app);
        var (_, weCom) = await WeComOffice.CreateWorkerAsync(_app, grid);
        var recorder = await GridOffice.SignInWorkerAsync(_app, grid);
        await GridOffice.RecordAsync(recorder.Client, GridOffice.Dispute(next: "2026-03-02"));

        _app.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(0, await WaitForRowsAsync(weCom, 1));

        _app.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(1, await WaitForRowsAsync(weCom, 1));

        _app.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(1, await WaitForRowsAsync(weCom, 2));

        _app.Clock.Advance(TimeSpan.FromHours(21));
        Assert.Equal(2, await WaitForRowsAsync(weCom, 2));
    }
}

/// <summary>Settings of the WeCom app and the reminders that stop the start with a message for the operator.</summary>
public sealed class WeComSettingsTests
{
    private static async Task<string> StartFailureAsync(Action<Dictionary<string, string?>> configure)
    {
        await using var api = await FakeWeChatApi.StartAsync();
        await using var app = WeComOffice.Configure(new OfficeApp(), api);
        configure(app.Settings);
        var ex = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        return (ex as Microsoft.Extensions.Options.OptionsValidationException
                ?? ex.InnerException as Microsoft.Extensions.Options.OptionsValidationException ?? throw ex).Message;
    }

    [Fact]
    public async Task AgentId_without_Secret_stops_the_start()
    {
        Assert.Contains("WeCom:AgentId and WeCom:Secret go together", await StartFailureAsync(s => s["WeCom:Secret"] = ""));
    }

    [Fact]
    public async Task Reminder_time_outside_a_day_stops_the_start()
    {
        Assert.Contains("Grid:Reminders:At must be a time of day", await StartFailureAsync(s => s["Grid:Reminders:At"] = "1.02:00:00"));
    }
}
