using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Audit;
using PetitionBot.Tests.Office;

namespace PetitionBot.Tests.Grid;

/// <summary>The 矛盾纠纷排查台账 as a grid worker keeps it (the fake clock is Monday 2026-03-02, Beijing time).</summary>
public sealed class GridLedgerTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_recorded_dispute_is_in_the_grids_list_with_its_risk_and_next_follow_up()
    {
        var worker = await GridOffice.SignInWorkerAsync(app);
        var id = await GridOffice.RecordAsync(worker.Client);

        var ledger = await worker.Client.GetStringAsync("/office/grid");
        var line = await worker.Client.GetStringAsync($"/office/grid/disputes/{id}");

        Assert.Contains("王某某与李某某", ledger);
        Assert.Contains("风险较大", ledger);
        Assert.Contains("下次跟进：<span class=\"nowrap\">2026-03-04</span>", ledger);
        Assert.Contains("已排查", line);
    }

    [Fact]
    public async Task A_follow_up_due_today_shows_on_the_nav_badge_and_comes_first()
    {
        var worker = await GridOffice.SignInWorkerAsync(app);
        await GridOffice.RecordAsync(worker.Client, GridOffice.Dispute("赵某与钱某", "2026-03-09"));
        await GridOffice.RecordAsync(worker.Client, GridOffice.Dispute("孙某与周某", "2026-03-02"));

        var ledger = await worker.Client.GetStringAsync("/office/grid");
        var lookup = await worker.Client.GetStringAsync("/office/grid/lookup");

        Assert.Matches("id=\"due-badge\"[^>]*>1<", ledger);
        Assert.Matches("id=\"due-badge\"[^>]*>1<", lookup);
        Assert.Contains("今天有 1 件需要跟进", ledger);
        Assert.True(ledger.IndexOf("孙某与周某", StringComparison.Ordinal) < ledger.IndexOf("赵某与钱某", StringComparison.Ordinal));
        Assert.Equal(1, (await worker.Client.GetFromJsonAsync<DueDto>("/api/office/grid/due"))!.Count);
    }

    private sealed record DueDto(int Count);

    [Fact]
    public async Task A_dispute_without_parties_is_refused_with_a_reason()
    {
        var worker = await GridOffice.SignInWorkerAsync(app);

        var response = await worker.Client.PostAsync("/api/office/grid/disputes",
            Json("{\"place\":\"幸福路\",\"kind\":\"邻里纠纷\",\"risk\":\"General\",\"summary\":\"噪音扰民\"}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请填写当事人。", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_follow_up_date_in_the_past_is_refused()
    {
        var worker = await GridOffice.SignInWorkerAsync(app);

        var response = await worker.Client.PostAsJsonAsync("/api/office/grid/disputes", GridOffice.Dispute(next: "2026-02-27"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("下次跟进日期不能早于今天（2026-03-02）", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Resolving_needs_how_and_ends_the_follow_ups()
    {
        var worker = await GridOffice.SignInWorkerAsync(app);
        var id = await GridOffice.RecordAsync(worker.Client, GridOffice.Dispute(next: "2026-03-02"));

        var without = await worker.Client.PostAsync($"/api/office/grid/disputes/{id}/steps", Json("{\"status\":\"Resolved\"}"));
        var with = await worker.Client.PostAsync($"/api/office/grid/disputes/{id}/steps",
            Json("{\"status\":\"Resolved\",\"resolution\":\"人民调解达成协议，楼上承担维修费用\"}"));
        var line = await worker.Client.GetStringAsync($"/office/grid/disputes/{id}");

        Assert.Contains("请填写化解方式。", await without.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
        Assert.Contains("已化解", line);
        Assert.Contains("人民调解达成协议", line);
        Assert.DoesNotContain("id=\"due-badge\"", line);
    }

    [Fact]
    public async Task A_route_outside_the_catalogue_is_refused_with_the_choices()
    {
        var worker = await GridOffice.SignInWorkerAsync(app);
        var id = await GridOffice.RecordAsync(worker.Client);

        var response = await worker.Client.PostAsync($"/api/office/grid/disputes/{id}/steps",
            Json("{\"status\":\"ToLitigation\",\"route\":\"找领导\"}"));
        var byId = await worker.Client.PostAsync($"/api/office/grid/disputes/{id}/steps",
            Json("{\"status\":\"ToLitigation\",\"route\":\"labor-arbitration\"}"));
        var line = await worker.Client.GetStringAsync($"/office/grid/disputes/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("转入的途径请从以下选择：", await response.Content.ReadAsStringAsync());
        Assert.Contains("劳动争议仲裁", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
        Assert.Contains("劳动争议仲裁", line);
    }

    [Fact]
    public async Task Mediating_needs_the_next_follow_up_date()
    {
        var worker = await GridOffice.SignInWorkerAsync(app);
        var id = await GridOffice.RecordAsync(worker.Client);

        var response = await worker.Client.PostAsync($"/api/office/grid/disputes/{id}/steps", Json("{\"status\":\"Mediating\",\"actions\":\"组织双方面谈\"}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请填写下次跟进日期。", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_step_from_a_stale_page_is_refused()
    {
        var worker = await GridOffice.SignInWorkerAsync(app);
        var id = await GridOffice.RecordAsync(worker.Client);
        await worker.Client.PostAsync($"/api/office/grid/disputes/{id}/steps", Json("{\"version\":0,\"status\":\"Mediating\",\"nextFollowUp\":\"2026-03-05\"}"));

        var stale = await worker.Client.PostAsync($"/api/office/grid/disputes/{id}/steps", Json("{\"version\":0,\"status\":\"Mediating\",\"nextFollowUp\":\"2026-03-06\"}"));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("请刷新页面后重试", await stale.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_step_is_in_the_audit_log_and_the_lines_history()
    {
        var worker = await GridOffice.SignInWorkerAsync(app);
        var id = await GridOffice.RecordAsync(worker.Client);
        await worker.Client.PostAsync($"/api/office/grid/disputes/{id}/steps",
            Json("{\"status\":\"ToLitigation\",\"route\":\"民事诉讼\",\"actions\":\"告知可向人民法院起诉\"}"));

        var actions = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<AuditEntry>()
            .Where(a => a.Subject == $"dispute:{id}").OrderBy(a => a.Id).Select(a => a.Actor + ":" + a.Action).ToListAsync());
        var history = await worker.Client.GetStringAsync($"/office/grid/disputes/{id}");

        Assert.Equal([$"{worker.UserName}:排查登记", $"{worker.UserName}:更新台账"], actions);
        Assert.Contains("转诉讼/仲裁；途径：民事诉讼；告知可向人民法院起诉", history);
    }

    [Fact]
    public async Task The_dashboard_counts_disputes_by_grid_and_unit()
    {
        var worker = await GridOffice.SignInWorkerAsync(app);
        var resolved = await GridOffice.RecordAsync(worker.Client);
        await GridOffice.RecordAsync(worker.Client);
        await worker.Client.PostAsync($"/api/office/grid/disputes/{resolved}/steps", Json("{\"status\":\"Resolved\",\"resolution\":\"当场调解\"}"));
        var leader = await app.SignInAsync(await app.CreateUserAsync(PetitionBot.Bot.Office.Auth.OfficeRole.Leader));

        var stats = await leader.GetStringAsync("/api/office/grids/stats");
        var dashboard = await leader.GetStringAsync("/office/dashboard");

        Assert.Contains("\"found\":2,\"resolvedLocally\":1,\"toPetition\":0", stats);
        Assert.Contains("网格矛盾纠纷排查", dashboard);
        Assert.Contains("小计", dashboard);
    }
}
