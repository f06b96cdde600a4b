using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Grid;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Tests.Office;

namespace PetitionBot.Tests.Grid;

/// <summary>网格员 sees their own grid's ledger and the petitions filed from it, nothing else of the office.</summary>
public sealed class GridRoleTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    [Theory]
    [InlineData("/office")]
    [InlineData("/office/dashboard")]
    [InlineData("/office/audit")]
    [InlineData("/office/handoffs")]
    [InlineData("/office/admin/users")]
    [InlineData("/office/admin/units")]
    [InlineData("/office/admin/grids")]
    [InlineData("/api/office/petitions")]
    [InlineData("/api/office/dashboard")]
    [InlineData("/api/office/export.xlsx")]
    [InlineData("/api/office/alerts")]
    [InlineData("/api/office/audit")]
    [InlineData("/api/office/handoffs")]
    [InlineData("/api/office/grids/stats")]
    public async Task Grid_worker_is_refused_the_rest_of_the_office(string path)
    {
        var worker = await GridOffice.SignInWorkerAsync(app);

        var response = await worker.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Grid_worker_cannot_open_a_petition_not_filed_from_their_grid_even_by_url()
    {
        var petition = await app.FilePetitionAsync();
        var worker = await GridOffice.SignInWorkerAsync(app);

        Assert.Equal(HttpStatusCode.Forbidden, (await worker.Client.GetAsync($"/office/petitions/{petition.TrackingNo}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.Client.GetAsync($"/api/office/petitions/{petition.TrackingNo}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.Client.GetAsync($"/office/petitions/{petition.TrackingNo}/print")).StatusCode);
    }

    [Fact]
    public async Task Grid_worker_opens_a_petition_filed_from_a_dispute_of_their_grid()
    {
        var petition = await app.FilePetitionAsync();
        var worker = await GridOffice.SignInWorkerAsync(app);
        var id = await GridOffice.RecordAsync(worker.Client);
        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PetitionDbContext>();
            return await db.Set<Dispute>().Where(d => d.Id == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.PetitionTrackingNo, petition.TrackingNo));
        });

        Assert.Equal(HttpStatusCode.OK, (await worker.Client.GetAsync($"/office/petitions/{petition.TrackingNo}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await worker.Client.GetAsync($"/api/office/petitions/{petition.TrackingNo}")).StatusCode);
    }

    [Fact]
    public async Task Grid_worker_cannot_see_or_change_another_grids_dispute()
    {
        var other = await GridOffice.SignInWorkerAsync(app);
        var id = await GridOffice.RecordAsync(other.Client);
        var worker = await GridOffice.SignInWorkerAsync(app);

        Assert.Equal(HttpStatusCode.Forbidden, (await worker.Client.GetAsync($"/office/grid/disputes/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.Client.GetAsync($"/api/office/grid/disputes/{id}")).StatusCode);
        var step = await worker.Client.PostAsync($"/api/office/grid/disputes/{id}/steps",
            new StringContent("{\"status\":\"Mediating\",\"nextFollowUp\":\"2026-03-09\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, step.StatusCode);
        Assert.DoesNotContain("王某某", await worker.Client.GetStringAsync("/api/office/grid/disputes"));
    }

    [Theory]
    [InlineData(OfficeRole.Registrar)]
    [InlineData(OfficeRole.Supervisor)]
    [InlineData(OfficeRole.Admin)]
    [InlineData(OfficeRole.DutyLawyer)]
    public async Task Other_roles_cannot_open_the_grid_ledger(OfficeRole role)
    {
        var client = await app.SignInAsync(await app.CreateUserAsync(role));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/office/grid")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/office/grid/lookup")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/office/grid/disputes")).StatusCode);
    }

    [Fact]
    public async Task Handling_unit_user_cannot_open_the_grid_ledger()
    {
        var unit = await app.CreateUnitAsync("区司法局");
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.HandlingUnit, unit.Id));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/office/grid")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/office/grid/disputes")).StatusCode);
    }

    [Fact]
    public async Task Grid_worker_lands_on_the_ledger_after_signing_in_and_sees_no_queue_link()
    {
        var grid = await GridOffice.CreateGridAsync(app);
        var worker = await GridOffice.SignInWorkerAsync(app, grid);
        var client = app.Browser();
        var response = await OfficeApp.PostLoginAsync(client, worker.UserName, OfficeApp.Password);
        var ledger = await client.GetStringAsync("/office/grid");

        Assert.Equal("/office/grid", response.Headers.Location!.OriginalString);
        Assert.Contains("矛盾纠纷排查台账", ledger);
        Assert.Contains("法规查询", ledger);
        Assert.DoesNotContain("待办队列", ledger);
        Assert.DoesNotContain("统计分析", ledger);
    }

    [Fact]
    public async Task A_grid_worker_account_needs_a_grid()
    {
        app.EnsureStarted();
        var error = await app.InScopeAsync(sp => sp.GetRequiredService<OfficeAccounts>().CreateUserAsync(OfficeActor.System, "gridless",
            "无网格", OfficeRole.GridWorker, null, OfficeApp.Password, CancellationToken.None));

        Assert.Equal("网格员账户必须选择所在网格。", error);
    }

    [Fact]
    public async Task The_ledger_api_without_a_session_answers_401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Browser().GetAsync("/api/office/grid/disputes")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Browser().PostAsync("/api/office/grid/disputes",
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
    }
}
