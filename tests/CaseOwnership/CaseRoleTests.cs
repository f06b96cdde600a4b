using System.Net;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Tests.Grid;
using PetitionBot.Tests.Office;

namespace PetitionBot.Tests.CaseOwnership;

/// <summary>The owner works only on their own cases; clerks manage all; other roles and strangers are refused.</summary>
public sealed class CaseRoleTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    [Fact]
    public async Task Another_leader_cannot_record_progress_on_a_case_they_do_not_own()
    {
        var clerk = await CaseOffice.SignInClerkAsync(app);
        var owner = await CaseOffice.SignInLeaderAsync(app);
        var other = await CaseOffice.SignInLeaderAsync(app);
        var petition = await CaseOffice.OwnedCaseAsync(app, clerk, owner.UserName);
        var step = (await CaseOffice.DetailAsync(owner.Client, petition.Id)).GetProperty("plan")[0].GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.Forbidden, (await CaseOffice.ProgressAsync(other.Client, petition.Id, "已接谈")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.Client.PostAsync($"/api/office/cases/{petition.Id}/steps/{step}/done", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.Client.GetAsync($"/api/office/cases/{petition.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.Client.GetAsync($"/office/cases/{petition.Id}")).StatusCode);
        Assert.Equal(0, (await CaseOffice.DetailAsync(owner.Client, petition.Id)).GetProperty("progress").GetArrayLength());
    }

    [Fact]
    public async Task A_clerk_cannot_record_progress_in_the_owners_name()
    {
        var clerk = await CaseOffice.SignInClerkAsync(app);
        var owner = await CaseOffice.SignInLeaderAsync(app);
        var petition = await CaseOffice.OwnedCaseAsync(app, clerk, owner.UserName);

        Assert.Equal(HttpStatusCode.Forbidden, (await CaseOffice.ProgressAsync(clerk, petition.Id, "已接谈")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync($"/office/cases/{petition.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_leader_cannot_assign_owners_or_mark_petitions()
    {
        var leader = await CaseOffice.SignInLeaderAsync(app);
        var petition = await app.FilePetitionAsync(p => p.IsRepeat = true);

        Assert.Equal(HttpStatusCode.Forbidden, (await CaseOffice.AssignAsync(app, leader.Client, petition.Id, leader.UserName)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.Client.PostAsync($"/api/office/cases/{petition.Id}/governance", null)).StatusCode);
    }

    [Theory]
    [InlineData(OfficeRole.Registrar)]
    [InlineData(OfficeRole.Supervisor)]
    [InlineData(OfficeRole.Admin)]
    public async Task Clerks_supervisors_and_admins_see_every_case(OfficeRole role)
    {
        var clerk = await CaseOffice.SignInClerkAsync(app);
        var owner = await CaseOffice.SignInLeaderAsync(app);
        var petition = await CaseOffice.OwnedCaseAsync(app, clerk, owner.UserName);
        var client = await app.SignInAsync(await app.CreateUserAsync(role));

        Assert.Contains(petition.TrackingNo, await client.GetStringAsync("/office/cases"));
        Assert.Contains(petition.TrackingNo, await client.GetStringAsync("/api/office/cases"));
    }

    [Theory]
    [InlineData(OfficeRole.DutyLawyer)]
    [InlineData(OfficeRole.HandlingUnit)]
    [InlineData(OfficeRole.GridWorker)]
    public async Task Other_roles_are_refused_the_cases(OfficeRole role)
    {
        var clerk = await CaseOffice.SignInClerkAsync(app);
        var owner = await CaseOffice.SignInLeaderAsync(app);
        var petition = await CaseOffice.OwnedCaseAsync(app, clerk, owner.UserName);
        var client = role switch
        {
            OfficeRole.GridWorker => (await GridOffice.SignInWorkerAsync(app)).Client,
            OfficeRole.HandlingUnit => await app.SignInAsync(await app.CreateUserAsync(role, (await app.CreateUnitAsync("区人社局")).Id)),
            _ => await app.SignInAsync(await app.CreateUserAsync(role)),
        };

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/office/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/office/cases/{petition.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/office/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await CaseOffice.ProgressAsync(client, petition.Id, "已接谈")).StatusCode);
    }

    [Fact]
    public async Task Without_a_session_the_api_answers_401_and_the_page_sends_to_the_login()
    {
        var petition = await app.FilePetitionAsync(p => p.IsRepeat = true);
        var anonymous = app.Browser();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/office/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await CaseOffice.ProgressAsync(anonymous, petition.Id, "已接谈")).StatusCode);
        var page = await anonymous.GetAsync($"/office/cases/{petition.Id}");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/office/login", page.Headers.Location!.OriginalString);
    }
}
