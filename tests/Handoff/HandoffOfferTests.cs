using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Handoff;
using PetitionBot.Tests.Office;

namespace PetitionBot.Tests.Handoff;

/// <summary>When the bot offers a person, and what the citizen is told about who answers and when.</summary>
public sealed class HandoffOfferTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    private async Task<List<(string Text, string[] Choices)>> SayAsync(string user, string text)
    {
        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/chat", new { user, text });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("replies").EnumerateArray().Select(r => (
            r.GetProperty("text").GetString()!,
            r.TryGetProperty("choices", out var c) && c.ValueKind == JsonValueKind.Array ? c.EnumerateArray().Select(x => x.GetString()!).ToArray() : [])).ToList();
    }

    private static string NewUser() => "web-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task After_two_answers_that_did_not_help_the_bot_offers_a_person()
    {
        var user = NewUser();

        var first = await SayAsync(user, "火星上的土豆怎么种");
        var second = await SayAsync(user, "月亮上的石头归谁");

        Assert.Contains(first, r => r.Text.Contains("答不上来"));
        Assert.DoesNotContain(first, r => r.Choices.Contains("转人工"));
        Assert.Contains(second, r => r.Text.Contains("转接人工") && r.Choices.Contains("转人工"));
    }

    [Fact]
    public async Task A_litigation_related_matter_gets_the_offer_of_a_duty_lawyer()
    {
        var replies = await SayAsync(NewUser(), "法院判决不公，我要申诉");

        Assert.Contains(replies, r => r.Text.Contains("值班律师") && r.Choices.Contains("转人工"));
    }

    [Fact]
    public async Task Taking_the_offer_records_why_and_the_bot_then_stays_silent()
    {
        var user = NewUser();
        await SayAsync(user, "火星上的土豆怎么种");
        await SayAsync(user, "月亮上的石头归谁");

        var told = await SayAsync(user, "转人工");
        var silent = await SayAsync(user, "你好");
        var back = await SayAsync(user, "取消");
        var again = await SayAsync(user, "你好");

        Assert.Contains(told, r => r.Text.Contains("已为您转接人工服务"));
        Assert.Empty(silent);
        Assert.Contains(back, r => r.Text.Contains("已结束人工服务"));
        Assert.Contains(again, r => r.Text.Contains("我是信访助手"));
        var reason = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<HandoffCase>()
            .Where(h => h.UserId == user).Select(h => h.Reason).SingleAsync());
        Assert.Equal(HandoffReason.NotHelped, reason);
    }
}

/// <summary>Office hours and the duty rota from settings: who the citizen is told will answer, and when.</summary>
public sealed class HandoffHoursTests : IAsyncLifetime
{
    private readonly OfficeApp app = new()
    {
        Settings =
        {
            ["Handoff:Opens"] = "09:00",
            ["Handoff:Closes"] = "17:00",
            ["Handoff:Rota:0:Day"] = "Monday",
            ["Handoff:Rota:0:Answerer"] = "DutyLawyer",
            ["Handoff:Rota:0:Name"] = "张律师",
            ["Handoff:Rota:1:Day"] = "Wednesday",
            ["Handoff:Rota:1:Answerer"] = "Clerk",
        },
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<string> AskAsync()
    {
        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/chat", new { user = "web-" + Guid.NewGuid().ToString("N"), text = "找律师" });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return string.Join("\n", json.RootElement.GetProperty("replies").EnumerateArray().Select(r => r.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Inside_office_hours_the_citizen_is_told_the_duty_lawyer_of_the_day_answers()
    {
        // The clock starts Monday 2026-03-02 10:00 Beijing time.
        var told = await AskAsync();

        Assert.Contains("将由值班律师 张律师答复您（办公时间 09:00–17:00）", told);
    }

    [Fact]
    public async Task After_hours_the_citizen_is_asked_to_leave_a_message_for_the_next_rota_day()
    {
        app.Clock.Advance(TimeSpan.FromHours(8)); // Monday 18:00

        var told = await AskAsync();

        Assert.Contains("现在不在办公时间", told);
        Assert.Contains("请直接在这里留言", told);
        Assert.Contains("工作人员将在下一个工作日（3月4日 星期三）答复您", told);
    }
}

public sealed class HandoffOptionsTests
{
    [Fact]
    public void Bad_office_hours_and_a_day_given_twice_are_named_for_the_operator()
    {
        var options = new HandoffOptions
        {
            Opens = "8点半",
            Closes = "17:30",
            Rota = [new DutyShift { Day = DayOfWeek.Monday }, new DutyShift { Day = DayOfWeek.Monday, Name = "张：律师" }],
        };

        var problems = options.Problems();

        Assert.Contains("Handoff:Opens must be a Beijing time as HH:mm (e.g. 08:30), not '8点半'.", problems);
        Assert.Contains(problems, p => p.StartsWith("Handoff:Rota:1:Day: Monday is listed twice"));
        Assert.Contains(problems, p => p.StartsWith("Handoff:Rota:1:Name must be 1–20 characters without a colon"));
    }

    [Fact]
    public void Closing_before_opening_is_refused()
    {
        Assert.Contains("Handoff:Closes (08:00) must be later than Handoff:Opens (09:00).",
            new HandoffOptions { Opens = "09:00", Closes = "08:00" }.Problems());
    }

    [Fact]
    public void The_default_settings_are_valid()
    {
        Assert.Empty(new HandoffOptions().Problems());
    }
}
