using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Handoff;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Tests.Office;

namespace PetitionBot.Tests.Handoff;

/// <summary>值班律师 sees the hand-offs and the petitions they took part in, nothing else; the inbox is not for 办理单位.</summary>
public sealed class HandoffRoleTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    private async Task<long> UserIdAsync(string userName) => await app.InScopeAsync(sp =>
        sp.GetRequiredService<PetitionDbContext>().Set<OfficeUser>().Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());

    private Task<int> LinkAsync(string trackingNo, long takenBy) => app.InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<PetitionDbContext>();
        db.Add(new HandoffCase
        {
            Channel = "directline", UserId = "dl_" + Guid.NewGuid().ToString("N"), RequestedUtc = app.Clock.GetUtcNow().UtcDateTime,
            ClosedUtc = app.Clock.GetUtcNow().UtcDateTime, TakenByUserId = takenBy, TakenByName = "值班律师 测试", PetitionTrackingNo = trackingNo,
        });
        return await db.SaveChangesAsync();
    });

    [Theory]
    [InlineData("/office")]
    [InlineData("/office/dashboard")]
    [InlineData("/office/audit")]
    [InlineData("/office/admin/users")]
    [InlineData("/api/office/petitions")]
    [InlineData("/api/office/dashboard")]
    [InlineData("/api/office/export.xlsx")]
    [InlineData("/api/office/alerts")]
    [InlineData("/api/office/audit")]
    public async Task Duty_lawyer_is_refused_the_queue_dashboard_exports_and_administration(string path)
    {
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.DutyLawyer));

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Duty_lawyer_cannot_open_a_petition_they_had_no_part_in_even_by_url()
    {
        var petition = await app.FilePetitionAsync();
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.DutyLawyer));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/office/petitions/{petition.TrackingNo}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/office/petitions/{petition.TrackingNo}/print")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/office/petitions/{petition.TrackingNo}")).StatusCode);
    }

    [Fact]
    public async Task Duty_lawyer_opens_the_petition_of_a_hand_off_they_took_and_the_inbox()
    {
        var petition = await app.FilePetitionAsync();
        var lawyer = await app.CreateUserAsync(OfficeRole.DutyLawyer);
        await LinkAsync(petition.TrackingNo, await UserIdAsync(lawyer));
        var client = await app.SignInAsync(lawyer);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/office/petitions/{petition.TrackingNo}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/office/petitions/{petition.TrackingNo}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/office/handoffs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/office/handoffs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/office/me")).StatusCode);
    }

    [Fact]
    public async Task Duty_lawyer_lands_on_the_inbox_after_signing_in_and_sees_no_queue_link()
    {
        var client = app.Browser();
        var response = await OfficeApp.PostLoginAsync(client, await app.CreateUserAsync(OfficeRole.DutyLawyer), OfficeApp.Password);
        var inbox = await client.GetStringAsync("/office/handoffs");

        Assert.Equal("/office/handoffs", response.Headers.Location!.OriginalString);
        Assert.Contains("转人工", inbox);
        Assert.DoesNotContain("待办队列", inbox);
    }

    [Fact]
    public async Task Handling_unit_user_cannot_see_the_hand_off_inbox()
    {
        var unit = await app.CreateUnitAsync("区人社局");
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.HandlingUnit, unit.Id));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/office/handoffs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/office/handoffs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/office/handoffs/1/close", null)).StatusCode);
    }

    [Fact]
    public async Task The_inbox_api_without_a_session_answers_401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Browser().GetAsync("/api/office/handoffs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Browser().PostAsync("/api/office/handoffs/1/messages",
            new StringContent("{\"text\":\"x\"}", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
    }
}
