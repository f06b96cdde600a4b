using System.Net.Http.Json;
using System.Text.Json;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Tests.Office;

namespace PetitionBot.Tests.Handoff;

/// <summary>The dashboard's hand-off figures, on a bot of its own so that no other test's hand-offs count.</summary>
public sealed class HandoffStatsTests : IAsyncLifetime
{
    private readonly OfficeApp app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task AskAsync(string user, string text)
    {
        using var client = app.CreateClient();
        // User ids as the web page makes them (long random ones).
        var response = await client.PostAsJsonAsync("/api/chat", new { user = user + "-0123456789abcdef0123456789", text });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Dashboard_shows_hand_offs_waiting_time_p50_p90_and_those_resolved_without_a_petition()
    {
        foreach (var (user, text) in new[] { ("web-a", "甲号留言"), ("web-b", "乙号留言"), ("web-c", "丙号留言") })
        {
            await AskAsync(user, "转人工");
            await AskAsync(user, text);
        }
        var office = await HandoffOffice.SignInAsync(app, OfficeRole.Registrar, "钱七");
        var a = (await HandoffOffice.FindAsync(office, "甲号留言")).GetProperty("id").GetInt64();
        var b = (await HandoffOffice.FindAsync(office, "乙号留言")).GetProperty("id").GetInt64();
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        (await HandoffOffice.ReplyAsync(office, a, "已了解，建议先与物业协商。")).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromMinutes(8));
        (await HandoffOffice.ReplyAsync(office, b, "请留下您的联系方式。")).EnsureSuccessStatusCode();
        (await HandoffOffice.CloseAsync(office, a)).EnsureSuccessStatusCode();

        using var stats = JsonDocument.Parse(await office.GetStringAsync("/api/office/handoffs/stats?period=month"));
        var page = await office.GetStringAsync("/office/dashboard?period=month");

        var s = stats.RootElement;
        Assert.Equal(3, s.GetProperty("handoffs").GetInt32());
        Assert.Equal(1, s.GetProperty("unanswered").GetInt32());
        Assert.Equal(2.0, s.GetProperty("waitMinutesP50").GetDouble());
        Assert.Equal(10.0, s.GetProperty("waitMinutesP90").GetDouble());
        Assert.Equal(1, s.GetProperty("resolvedWithoutPetition").GetInt32());
        Assert.Contains("id=\"kpi-handoffs\">3<", page);
        Assert.Contains("id=\"kpi-handoff-p90\">10 分钟<", page);
    }

    [Fact]
    public async Task The_inbox_page_lists_waiting_conversations_oldest_first_with_the_message_masked()
    {
        await AskAsync("web-old", "转人工");
        await AskAsync("web-old", "旧的留言 身份证110101199003071233");
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await AskAsync("web-new", "转人工");
        await AskAsync("web-new", "新的留言");
        var office = await HandoffOffice.SignInAsync(app, OfficeRole.DutyLawyer, "孙律师");

        var page = await office.GetStringAsync("/office/handoffs");
        var id = (await HandoffOffice.FindAsync(office, "旧的留言")).GetProperty("id").GetInt64();
        var detail = await office.GetStringAsync($"/office/handoffs/{id}");

        Assert.True(page.IndexOf("旧的留言", StringComparison.Ordinal) < page.IndexOf("新的留言", StringComparison.Ordinal));
        Assert.Contains("5 分钟", page);
        Assert.DoesNotContain("110101199003071233", page);
        Assert.DoesNotContain("110101199003071233", detail);
        Assert.Contains("转人工", detail); // the chat before the hand-off is there too
        Assert.Contains("以“值班律师 孙律师”的名义", detail);
    }
}
