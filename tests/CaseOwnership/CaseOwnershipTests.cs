using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.CaseOwnership;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Audit;
using PetitionBot.Bot.Petitions.Clock;
using PetitionBot.Tests.Office;

namespace PetitionBot.Tests.CaseOwnership;

/// <summary>包保 (一案一策): a clerk gives a repeat case an owning leader and a plan; the leader reports weekly.</summary>
public sealed class CaseOwnershipTests(CaseApp app) : IClassFixture<CaseApp>
{
    [Fact]
    public async Task Leader_owning_a_case_sees_it_on_their_page()
    {
        var clerk = await CaseOffice.SignInClerkAsync(app);
        var leader = await CaseOffice.SignInLeaderAsync(app);
        var other = await CaseOffice.SignInLeaderAsync(app);
        var petition = await CaseOffice.OwnedCaseAsync(app, clerk, leader.UserName);

        var page = await leader.Client.GetStringAsync("/office/cases");
        var detail = await leader.Client.GetStringAsync($"/office/cases/{petition.Id}");

        Assert.Contains(petition.TrackingNo, page);
        Assert.Contains("县领导接谈信访人，当面听取诉求", detail);
        Assert.Contains("记录进展", detail);
        Assert.Contains(petition.TrackingNo, await leader.Client.GetStringAsync("/api/office/cases"));
        Assert.DoesNotContain(petition.TrackingNo, await other.Client.GetStringAsync("/office/cases"));
        Assert.DoesNotContain(petition.TrackingNo, await other.Client.GetStringAsync("/api/office/cases"));
    }

    [Fact]
    public async Task Case_without_progress_for_7_days_is_flagged_on_the_dashboard_until_progress_is_recorded()
    {
        var clerk = await CaseOffice.SignInClerkAsync(app);
        var leader = await CaseOffice.SignInLeaderAsync(app);
        var petition = await CaseOffice.OwnedCaseAsync(app, clerk, leader.UserName);

        app.Clock.Advance(TimeSpan.FromDays(6));
        clerk = await CaseOffice.SignInClerkAsync(app);
        Assert.DoesNotContain(petition.TrackingNo, await CaseOffice.DashboardStaleCardAsync(clerk));

        app.Clock.Advance(TimeSpan.FromDays(1));
        clerk = await CaseOffice.SignInClerkAsync(app);
        var card = await CaseOffice.DashboardStaleCardAsync(clerk);
        Assert.Contains(petition.TrackingNo, card);
        Assert.Contains("7日无进展", card);
        Assert.Contains(petition.TrackingNo, await CaseOffice.StaleTrackingNosAsync(clerk));

        // The leader reports through their case page's form, as in the browser.
        var owner = await app.SignInAsync(leader.UserName);
        var form = await owner.GetStringAsync($"/office/cases/{petition.Id}");
        var posted = await owner.PostAsync($"/office/cases/{petition.Id}?handler=Progress", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = OfficeApp.Token(form),
            ["date"] = PetitionClock.Format(CaseOffice.Today(app)),
            ["text"] = "本周接谈信访人一次，人社局已约谈公司负责人。",
        }));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        Assert.DoesNotContain(petition.TrackingNo, await CaseOffice.DashboardStaleCardAsync(clerk));
        Assert.DoesNotContain(petition.TrackingNo, await CaseOffice.StaleTrackingNosAsync(clerk));
    }

    [Fact]
    public async Task A_case_closed_as_resolved_leaves_the_7_day_watch_and_takes_no_more_progress()
    {
        var clerk = await CaseOffice.SignInClerkAsync(app);
        var leader = await CaseOffice.SignInLeaderAsync(app);
        var petition = await CaseOffice.OwnedCaseAsync(app, clerk, leader.UserName);
        app.Clock.Advance(TimeSpan.FromDays(8));
        clerk = await CaseOffice.SignInClerkAsync(app);
        Assert.Contains(petition.TrackingNo, await CaseOffice.DashboardStaleCardAsync(clerk));

        var empty = await clerk.PostAsJsonAsync($"/api/office/cases/{petition.Id}/close", new { note = " " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("请写明化解情况", await empty.Content.ReadAsStringAsync());
        var page = await clerk.GetStringAsync($"/office/cases/{petition.Id}");
        var closed = await clerk.PostAsync($"/office/cases/{petition.Id}?handler=Close", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = OfficeApp.Token(page),
            ["note"] = "公司已补发三个月工资，信访人书面表示息访。",
        }));
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);

        Assert.DoesNotContain(petition.TrackingNo, await CaseOffice.DashboardStaleCardAsync(clerk));
        Assert.DoesNotContain(petition.TrackingNo, await CaseOffice.StaleTrackingNosAsync(clerk));
        var owner = await app.SignInAsync(leader.UserName);
        Assert.Contains("已化解销号", await owner.GetStringAsync($"/office/cases/{petition.Id}"));
        var late = await owner.PostAsJsonAsync($"/api/office/cases/{petition.Id}/progress",
            new { text = "又接谈一次。", date = PetitionClock.Format(CaseOffice.Today(app)) });
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Contains("本案已化解销号", await late.Content.ReadAsStringAsync());
        var leaderClose = await owner.PostAsJsonAsync($"/api/office/cases/{petition.Id}/close", new { note = "已解决" });
        Assert.Equal(HttpStatusCode.Forbidden, leaderClose.StatusCode);
    }

    [Fact]
    public async Task A_clerk_revises_and_withdraws_open_steps_but_not_a_done_one_nor_the_last_one()
    {
        var clerk = await CaseOffice.SignInClerkAsync(app);
        var leader = await CaseOffice.SignInLeaderAsync(app);
        var petition = await CaseOffice.OwnedCaseAsync(app, clerk, leader.UserName);
        var steps = (await CaseOffice.DetailAsync(clerk, petition.Id)).GetProperty("plan").EnumerateArray()
            .Select(s => s.GetProperty("id").GetInt64()).ToList();
        var later = PetitionClock.Format(CaseOffice.Today(app).AddDays(30));

        var revised = await clerk.PutAsJsonAsync($"/api/office/cases/{petition.Id}/steps/{steps[1]}",
            new { text = "协调人社局、住建局督促宏达建筑公司支付欠薪", targetDate = later });
        var byOwner = await leader.Client.PutAsJsonAsync($"/api/office/cases/{petition.Id}/steps/{steps[1]}",
            new { text = "不做了", targetDate = later });
        await leader.Client.PostAsync($"/api/office/cases/{petition.Id}/steps/{steps[0]}/done", null);
        var doneOne = await clerk.DeleteAsync($"/api/office/cases/{petition.Id}/steps/{steps[0]}");
        var lastOpen = await clerk.DeleteAsync($"/api/office/cases/{petition.Id}/steps/{steps[1]}");
        var plan = (await CaseOffice.DetailAsync(clerk, petition.Id)).GetProperty("plan").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, revised.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byOwner.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, doneOne.StatusCode);
        Assert.Contains("已完成的措施不能修改或撤销", await doneOne.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, lastOpen.StatusCode); // the done step still stands in the plan
        var left = Assert.Single(plan);
        Assert.Equal(steps[0], left.GetProperty("id").GetInt64());
        Assert.Contains(await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<PetitionBot.Bot.Office.Audit.AuditEntry>()
            .Where(a => a.Subject == petition.TrackingNo).Select(a => a.Action).ToListAsync()), a => a == "修改包保措施");
    }

    [Fact]
    public async Task The_leader_sees_only_their_own_flagged_cases_on_the_dashboard()
    {
        var clerk = await CaseOffice.SignInClerkAsync(app);
        var leader = await CaseOffice.SignInLeaderAsync(app);
        var other = await CaseOffice.SignInLeaderAsync(app);
        var mine = await CaseOffice.OwnedCaseAsync(app, clerk, leader.UserName);
        var theirs = await CaseOffice.OwnedCaseAsync(app, clerk, other.UserName);

        app.Clock.Advance(TimeSpan.FromDays(8));
        var card = await CaseOffice.DashboardStaleCardAsync(await app.SignInAsync(leader.UserName));

        Assert.Contains(mine.TrackingNo, card);
        Assert.DoesNotContain(theirs.TrackingNo, card);
    }

    [Fact]
    public async Task A_clerk_assigns_the_owner_and_plan_on_the_case_page()
    {
        var clerk = await CaseOffice.SignInClerkAsync(app);
        var leader = await CaseOffice.SignInLeaderAsync(app);
        var petition = await app.FilePetitionAsync(p => p.IsRepeat = true);
        var target = PetitionClock.Format(CaseOffice.Today(app).AddDays(10));

        var page = await clerk.GetStringAsync($"/office/cases/{petition.Id}");
        var posted = await clerk.PostAsync($"/office/cases/{petition.Id}?handler=Assign", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = OfficeApp.Token(page),
            ["owner"] = leader.UserName,
            ["plan[0].Text"] = "召开案件协调会，人社局、街道参加",
            ["plan[0].TargetDate"] = target,
            ["plan[1].Text"] = "",
            ["plan[1].TargetDate"] = "",
        }));

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var detail = await leader.Client.GetStringAsync($"/office/cases/{petition.Id}");
        Assert.Contains("召开案件协调会，人社局、街道参加", detail);
        Assert.Contains(target, detail);
        Assert.Equal(1, (await CaseOffice.DetailAsync(leader.Client, petition.Id)).GetProperty("plan").GetArrayLength());
    }

    [Fact]
    public async Task A_new_owner_gets_their_own_first_week_and_the_old_owner_loses_the_case()
    {
        var clerk = await CaseOffice.SignInClerkAsync(app);
        var first = await CaseOffice.SignInLeaderAsync(app);
        var second = await CaseOffice.SignInLeaderAsync(app);
        var petition = await CaseOffice.OwnedCaseAsync(app, clerk, first.UserName);
        Assert.Equal(HttpStatusCode.Created, (await CaseOffice.ProgressAsync(first.Client, petition.Id, "首次接谈。")).StatusCode);

        app.Clock.Advance(TimeSpan.FromDays(8));
        clerk = await CaseOffice.SignInClerkAsync(app);
        Assert.Contains(petition.TrackingNo, await CaseOffice.StaleTrackingNosAsync(clerk));
        Assert.Equal(HttpStatusCode.OK, (await CaseOffice.AssignAsync(app, clerk, petition.Id, second.UserName)).StatusCode);

        Assert.DoesNotContain(petition.TrackingNo, await CaseOffice.StaleTrackingNosAsync(clerk));
        Assert.Contains(petition.TrackingNo, await (await app.SignInAsync(second.UserName)).GetStringAsync("/office/cases"));
        Assert.DoesNotContain(petition.TrackingNo, await (await app.SignInAsync(first.UserName)).GetStringAsync("/office/cases"));
        Assert.Single((await CaseOffice.DetailAsync(clerk, petition.Id)).GetProperty("progress").EnumerateArray());
    }

    [Fact]
    public async Task Progress_is_kept_as_history_newest_first_and_audited_with_numbers_masked()
    {
        var clerk = await CaseOffice.SignInClerkAsync(app);
        var leader = await CaseOffice.SignInLeaderAsync(app);
        var petition = await CaseOffice.OwnedCaseAsync(app, clerk, leader.UserName);
        var today = CaseOffice.Today(app);

        Assert.Equal(HttpStatusCode.Created, (await CaseOffice.ProgressAsync(leader.Client, petition.Id, "电话联系信访人（13812345678），约定下周接谈。", today)).StatusCode);
        app.Clock.Advance(TimeSpan.FromDays(1));
        leader = leader with { Client = await app.SignInAsync(leader.UserName) };
        Assert.Equal(HttpStatusCode.Created, (await CaseOffice.ProgressAsync(leader.Client, petition.Id, "接谈信访人，答应两周内给出欠薪方案。")).StatusCode);

        var progress = (await CaseOffice.DetailAsync(leader.Client, petition.Id)).GetProperty("progress").EnumerateArray()
            .Select(p => p.GetProperty("text").GetString()).ToList();
        Assert.Equal(["接谈信访人，答应两周内给出欠薪方案。", "电话联系信访人（13812345678），约定下周接谈。"], progress);

        var audit = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<AuditEntry>().AsNoTracking()
            .Where(a => a.Subject == petition.TrackingNo).OrderBy(a => a.Id).ToListAsync());
        Assert.Contains(audit, a => a.Action == "指定包保领导" && a.After!.Contains(leader.UserName));
        var notes = audit.Where(a => a.Action == "包保进展").ToList();
        Assert.Equal(2, notes.Count);
        Assert.All(notes, a => Assert.Equal(leader.UserName, a.Actor));
        Assert.DoesNotContain("13812345678", notes[0].After);
        Assert.Contains("138****5678", notes[0].After);
    }

    [Fact]
    public async Task Progress_logs_carry_no_personal_data()
    {
        var clerk = await CaseOffice.SignInClerkAsync(app);
        var leader = await CaseOffice.SignInLeaderAsync(app);
        var petition = await CaseOffice.OwnedCaseAsync(app, clerk, leader.UserName);

        Assert.Equal(HttpStatusCode.Created, (await CaseOffice.ProgressAsync(leader.Client, petition.Id, "张三来电 13812345678，已答复。")).StatusCode);

        var lines = app.Logs.Messages.Where(m => m.Contains(petition.TrackingNo)).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, m => Assert.DoesNotContain("13812345678", m));
        Assert.All(lines, m => Assert.DoesNotContain("张三", m));
    }

    [Fact]
    public async Task Owner_ticks_off_a_plan_step()
    {
        var clerk = await CaseOffice.SignInClerkAsync(app);
        var leader = await CaseOffice.SignInLeaderAsync(app);
        var petition = await CaseOffice.OwnedCaseAsync(app, clerk, leader.UserName);
        var step = (await CaseOffice.DetailAsync(leader.Client, petition.Id)).GetProperty("plan")[0].GetProperty("id").GetInt64();

        var response = await leader.Client.PostAsync($"/api/office/cases/{petition.Id}/steps/{step}/done", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var detail = await CaseOffice.DetailAsync(clerk, petition.Id);
        Assert.True(detail.GetProperty("plan")[0].GetProperty("done").GetBoolean());
        Assert.False(detail.GetProperty("plan")[1].GetProperty("done").GetBoolean());
        Assert.Equal(1, detail.GetProperty("case").GetProperty("stepsDone").GetInt32());
    }

    [Fact]
    public async Task A_petition_neither_repeat_nor_marked_gets_an_owner_only_after_the_clerk_marks_it_for_governance()
    {
        var clerk = await CaseOffice.SignInClerkAsync(app);
        var leader = await CaseOffice.SignInLeaderAsync(app);
        var petition = await app.FilePetitionAsync();

        var refused = await CaseOffice.AssignAsync(app, clerk, petition.Id, leader.UserName);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("请先标记为重复信访治理", await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, (await clerk.PostAsync($"/api/office/cases/{petition.Id}/governance", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await CaseOffice.AssignAsync(app, clerk, petition.Id, leader.UserName)).StatusCode);
        Assert.Contains(petition.TrackingNo, await leader.Client.GetStringAsync("/office/cases"));
    }

    [Theory]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    [InlineData(false, false, false)]
    public void The_eligibility_rule_takes_repeat_and_marked_petitions_only(bool repeat, bool marked, bool eligible)
    {
        var petition = new PetitionBot.Bot.Petitions.Petition
        {
            TrackingNo = "XF20260302-0001", PetitionerName = "张三", IdNumberProtected = "", IdNumberHash = "", IdNumberMasked = "",
            Phone = "", Address = "", Locality = "", Field = "", Request = "", FactsAndReasons = "", Channel = "web", ChannelUserId = "",
            SubmissionKey = "", IsRepeat = repeat, RepeatGovernance = marked,
        };

        Assert.Equal(eligible, CaseRules.IsEligible(petition));
    }

    [Fact]
    public void A_case_assigned_from_above_may_get_an_owner_without_being_a_repeat()
    {
        var petition = new PetitionBot.Bot.Petitions.Petition
        {
            TrackingNo = "XF20260302-0002", PetitionerName = "李四", IdNumberProtected = "", IdNumberHash = "", IdNumberMasked = "",
            Phone = "", Address = "", Locality = "", Field = "", Request = "", FactsAndReasons = "", Channel = "office", ChannelUserId = "",
            SubmissionKey = "", Source = PetitionBot.Bot.Petitions.PetitionSource.Assigned,
        };

        Assert.True(CaseRules.IsEligible(petition));
    }

    [Fact]
    public async Task Only_an_active_leader_can_own_a_case()
    {
        var clerk = await CaseOffice.SignInClerkAsync(app);
        var registrar = await app.CreateUserAsync(PetitionBot.Bot.Office.Auth.OfficeRole.Registrar);
        var petition = await app.FilePetitionAsync(p => p.IsRepeat = true);

        var response = await CaseOffice.AssignAsync(app, clerk, petition.Id, registrar);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请选择一位在岗的领导作为包保领导", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Progress_dated_after_today_is_refused_with_a_reason()
    {
        var clerk = await CaseOffice.SignInClerkAsync(app);
        var leader = await CaseOffice.SignInLeaderAsync(app);
        var petition = await CaseOffice.OwnedCaseAsync(app, clerk, leader.UserName);

        var response = await CaseOffice.ProgressAsync(leader.Client, petition.Id, "已化解", CaseOffice.Today(app).AddDays(1));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("进展日期不能晚于今天", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Clerks_assigning_the_same_petition_at_once_make_one_case()
    {
        var clerks = new[] { await CaseOffice.SignInClerkAsync(app), await CaseOffice.SignInClerkAsync(app) };
        var leader = await CaseOffice.SignInLeaderAsync(app);
        var petition = await app.FilePetitionAsync(p => p.IsRepeat = true);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => CaseOffice.AssignAsync(app, clerks[i % 2], petition.Id, leader.UserName)));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        var cases = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<OwnedCase>().CountAsync(c => c.PetitionId == petition.Id));
        Assert.Equal(1, cases);
    }
}
