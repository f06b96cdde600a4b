using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Notifications;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Workflow;

namespace PetitionBot.Tests.Office;

/// <summary>
/// A citizen who filed on the web chat hears of the office's steps when they come back, and in the look-up. One bot per
/// test: the same citizen filing the same matter twice would be shown the first tracking number.
/// </summary>
public sealed class WebNoticeTests : IAsyncLifetime
{
    private readonly OfficeApp app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    private static readonly OfficeActor Registrar = new(9101, "reg-w", "登记员乙", OfficeRole.Registrar, null);
    private static readonly OfficeActor Supervisor = new(9102, "sup-w", "督办乙", OfficeRole.Supervisor, null);

    private Task<WorkflowResult> Do(Func<PetitionWorkflow, Task<WorkflowResult>> step) =>
        app.InScopeAsync(sp => step(sp.GetRequiredService<PetitionWorkflow>()));

    private async Task<List<string>> SayAsync(string user, string text)
    {
        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/chat", new { user, text });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("replies").EnumerateArray().Select(r => r.GetProperty("text").GetString()!).ToList();
    }

    [Fact]
    public async Task A_web_citizen_sees_the_acceptance_at_their_next_message_once_and_it_is_not_abandoned()
    {
        var user = "web-" + Guid.NewGuid().ToString("N");
        var p = await app.FileThroughChatAsync(user);
        var accepted = await Do(w => w.AcceptAsync(p.TrackingNo, Registrar, null, default));
        Assert.True(accepted.Ok, accepted.Message);
        await app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();

        var back = await SayAsync(user, "你好");
        var again = await SayAsync(user, "你好");

        Assert.StartsWith("【办理进度通知】", back[0]);
        Assert.Contains($"{p.TrackingNo}）已由区信访局受理", back[0]);
        Assert.True(back.Count > 1, "the answer to the message itself follows the notice");
        Assert.DoesNotContain(again, t => t.Contains("办理进度通知"));
        var row = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Outbox.AsNoTracking()
            .SingleAsync(m => m.TrackingNo == p.TrackingNo));
        Assert.Null(row.AbandonedUtc);
        Assert.NotNull(row.DeliveredUtc);
    }

    [Fact]
    public async Task The_status_look_up_shows_the_notices_and_once_answered_the_handling_opinion()
    {
        var p = await app.FileThroughChatAsync("web-" + Guid.NewGuid().ToString("N"));
        Assert.True((await Do(w => w.AcceptAsync(p.TrackingNo, Registrar, null, default))).Ok);
        using var client = app.CreateClient();

        var before = await client.GetStringAsync($"/api/petitions/{p.TrackingNo}?phone=8000");
        Assert.Contains("已由区信访局受理", before);
        Assert.Contains("\"opinions\":[]", before);

        Assert.True((await Do(w => w.DraftOpinionAsync(p.TrackingNo, Registrar, null, OpinionOutcome.Support,
            "责令宏达建筑有限公司于15日内支付拖欠工资", "《保障农民工工资支付条例》第三条", default))).Ok);
        var opinionId = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<HandlingOpinion>()
            .Where(o => o.PetitionId == p.Id).Select(o => o.Id).SingleAsync());
        Assert.DoesNotContain("责令宏达", await client.GetStringAsync($"/api/petitions/{p.TrackingNo}?phone=8000"));
        Assert.True((await Do(w => w.ReviewOpinionAsync(p.TrackingNo, Supervisor, null, opinionId, true, null, default))).Ok);
        Assert.True((await Do(w => w.ReplyAsync(p.TrackingNo, Registrar, null, default))).Ok);

        using var after = JsonDocument.Parse(await client.GetStringAsync($"/api/petitions/{p.TrackingNo}?phone=8000"));
        var opinion = Assert.Single(after.RootElement.GetProperty("opinions").EnumerateArray());
        Assert.Equal("信访处理意见书", opinion.GetProperty("title").GetString());
        Assert.Equal("予以支持", opinion.GetProperty("outcome").GetString());
        Assert.Equal("责令宏达建筑有限公司于15日内支付拖欠工资", opinion.GetProperty("text").GetString());
        var user = "web-" + Guid.NewGuid().ToString("N");
        var inChat = await SayAsync(user, $"查询 {p.TrackingNo} 8000");
        Assert.Contains(inChat, t => t.Contains("处理意见（信访处理意见书") && t.Contains("予以支持。责令宏达建筑有限公司于15日内支付拖欠工资"));
        var notices = after.RootElement.GetProperty("notices").EnumerateArray().Select(n => n.GetProperty("text").GetString()!).ToList();
        Assert.Equal(2, notices.Count);
        Assert.Contains("已作出信访处理意见书", notices[1]);
    }
}
