using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Notifications;
using PetitionBot.Bot.Office.Audit;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Deadlines;
using PetitionBot.Bot.Office.Workflow;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Clock;

namespace PetitionBot.Tests.Office;

public class OfficeWorkflowTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    private static readonly OfficeActor Registrar = new(9001, "reg-a", "登记员甲", OfficeRole.Registrar, null);
    private static readonly OfficeActor Supervisor = new(9002, "sup-a", "督办甲", OfficeRole.Supervisor, null);
    private static readonly OfficeActor Leader = new(9003, "lead-a", "领导甲", OfficeRole.Leader, null);

    private static OfficeActor UnitUser(long unitId) => new(9004, "unit-a", "单位经办人", OfficeRole.HandlingUnit, unitId);

    private Task<WorkflowResult> Do(Func<PetitionWorkflow, Task<WorkflowResult>> step) =>
        app.InScopeAsync(sp => step(sp.GetRequiredService<PetitionWorkflow>()));

    private Task<Petition> Reload(string no) =>
        app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Petitions.AsNoTracking().SingleAsync(p => p.TrackingNo == no));

    private Task<List<OutboxMessage>> Outbox(string no) =>
        app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Outbox.AsNoTracking().Where(m => m.TrackingNo == no).OrderBy(m => m.Id).ToListAsync());

    private DateOnly Today => ChinaTime.Today(app.Clock);

    private static string D(DateOnly d) => PetitionClock.Format(d);

    [Fact]
    public async Task A_new_petition_shows_the_15_day_deadline_counted_from_its_day_of_receipt()
    {
        var p = await app.FilePetitionAsync();
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        var expected = D(ChinaTime.ToDate(p.ReceivedUtc).AddDays(15));

        var queue = await client.GetStringAsync("/office");
        Assert.Contains(expected, queue);
        var page = await client.GetStringAsync($"/office/petitions/{p.TrackingNo}");
        Assert.Contains("第二十二条：15日", page);
        Assert.Contains(expected, page);
    }

    [Fact]
    public async Task A_withdrawn_petition_reads_the_same_in_the_office_as_to_the_citizen()
    {
        var p = await app.FilePetitionAsync(x => x.Status = PetitionStatus.Cancelled);
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));

        var page = await client.GetStringAsync($"/office/petitions/{p.TrackingNo}");
        Assert.Contains("已撤回", page);
        Assert.DoesNotContain("已撤销", page);
    }

    [Fact]
    public async Task An_item_left_alone_is_overdue_the_day_after_its_deadline()
    {
        var p = await app.FilePetitionAsync();
        var due = ChinaTime.ToDate((await Reload(p.TrackingNo)).DueUtc!.Value);
        var user = await app.CreateUserAsync(OfficeRole.Registrar);

        // 23:00 Beijing time on the last day: still in time.
        app.Clock.SetUtcNow(new DateTimeOffset(due.ToDateTime(new TimeOnly(15, 0)), TimeSpan.Zero));
        var onTheDay = await (await app.SignInAsync(user)).GetStringAsync($"/office?q={p.TrackingNo}");
        Assert.DoesNotContain("class=\"overdue\"", onTheDay);
        Assert.Contains("今日到期", onTheDay);

        // 00:30 Beijing time the next day: overdue, and listed under the 超期 filter.
        app.Clock.Advance(TimeSpan.FromMinutes(90));
        var client = await app.SignInAsync(user);
        var nextDay = await client.GetStringAsync($"/office?q={p.TrackingNo}");
        Assert.Contains("class=\"overdue\"", nextDay);
        Assert.Contains("超期 1 天", nextDay);
        Assert.Contains(p.TrackingNo, await client.GetStringAsync("/office?overdue=true"));
    }

    [Fact]
    public async Task Accepting_starts_the_60_day_clock_and_tells_the_citizen_on_their_channel()
    {
        var p = await app.FilePetitionAsync(x => { x.Channel = "wechat"; x.ChannelUserId = "openid-123"; });
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));

        var response = await OfficeApp.PostActionAsync(client, p.TrackingNo, "Accept");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var after = await Reload(p.TrackingNo);
        var due = D(Today.AddDays(60));
        Assert.Equal(PetitionStatus.Accepted, after.Status);
        Assert.Equal(due, PetitionClock.Format(after.DueUtc));
        var message = Assert.Single(await Outbox(p.TrackingNo));
        Assert.Equal(("wechat", "openid-123", "status"), (message.Channel, message.UserId, message.Kind));
        Assert.Contains("已由区信访局受理", message.Text);
        Assert.Contains(due, message.Text);
        Assert.Contains(due, await client.GetStringAsync($"/office/petitions/{p.TrackingNo}"));
    }

    [Fact]
    public async Task A_form_submitted_twice_is_applied_once()
    {
        var p = await app.FilePetitionAsync();
        var version = (await Reload(p.TrackingNo)).Version;

        Assert.True((await Do(w => w.AcceptAsync(p.TrackingNo, Registrar, version, default))).Ok);
        var second = await Do(w => w.AcceptAsync(p.TrackingNo, Registrar, version, default));

        Assert.Equal(WorkflowOutcome.Conflict, second.Outcome);
        Assert.Single(await Outbox(p.TrackingNo));
    }

    [Fact]
    public async Task A_unit_may_object_within_five_working_days_but_not_after()
    {
        var unit = await app.CreateUnitAsync("住建局-" + Guid.NewGuid().ToString("N")[..4]);
        var late = await app.FilePetitionAsync();
        var inTime = await app.FilePetitionAsync();
        foreach (var p in new[] { late, inTime })
            Assert.True((await Do(w => w.ForwardAsync(p.TrackingNo, Registrar, null, unit.Id, assign: false, default))).Ok);
        var window = PetitionClock.AddWorkingDays(Today, 5);
        var notice = await Outbox(inTime.TrackingNo);
        Assert.Contains($"已转送至{unit.Name}", notice.Single().Text);
        Assert.Contains(D(Today.AddDays(15)), notice.Single().Text);

        var ok = await Do(w => w.ObjectAsync(inTime.TrackingNo, UnitUser(unit.Id), null, "不属于本单位职权范围", default));
        Assert.True(ok.Ok, ok.Message);
        var back = await Reload(inTime.TrackingNo);
        Assert.Equal(PetitionStatus.Registered, back.Status);
        Assert.Null(back.HandlingUnitId);

        app.Clock.SetUtcNow(new DateTimeOffset(window.AddDays(1).ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero));
        var refused = await Do(w => w.ObjectAsync(late.TrackingNo, UnitUser(unit.Id), null, "不属于本单位职权范围", default));
        Assert.Equal(WorkflowOutcome.Invalid, refused.Outcome);
        Assert.Contains("5个工作日", refused.Message);
    }

    [Fact]
    public async Task An_extension_is_limited_to_30_days_in_all_and_the_citizen_is_told_why()
    {
        var p = await app.FilePetitionAsync();
        await Do(w => w.AcceptAsync(p.TrackingNo, Registrar, null, default));
        var accepted = Today;

        var tooLong = await Do(w => w.ExtendAsync(p.TrackingNo, Registrar, null, 31, "情况复杂", "王局长", default));
        Assert.Contains("30日", tooLong.Message);
        Assert.True((await Do(w => w.ExtendAsync(p.TrackingNo, Registrar, null, 20, "需现场核查", "王局长", default))).Ok);
        var more = await Do(w => w.ExtendAsync(p.TrackingNo, Registrar, null, 11, "仍需核查", "王局长", default));
        Assert.Contains("1 到 10 日", more.Message);

        var after = await Reload(p.TrackingNo);
        Assert.Equal(PetitionStatus.Extended, after.Status);
        Assert.Equal(D(accepted.AddDays(80)), PetitionClock.Format(after.DueUtc));
        var notice = (await Outbox(p.TrackingNo)).Last();
        Assert.Contains("需现场核查", notice.Text);
        Assert.Contains(D(accepted.AddDays(80)), notice.Text);
    }

    [Fact]
    public async Task The_opinion_needs_a_supervisor_other_than_its_author_before_the_reply()
    {
        var p = await app.FilePetitionAsync();
        await Do(w => w.AcceptAsync(p.TrackingNo, Registrar, null, default));
        var noOpinion = await Do(w => w.ReplyAsync(p.TrackingNo, Registrar, null, default));
        Assert.Contains("督办审核通过", noOpinion.Message);

        Assert.True((await Do(w => w.DraftOpinionAsync(p.TrackingNo, Registrar, null, OpinionOutcome.Support, "责令支付工资", "《保障农民工工资支付条例》第三条", default))).Ok);
        var opinionId = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<HandlingOpinion>()
            .Where(o => o.PetitionId == p.Id).Select(o => o.Id).SingleAsync());
        var selfApproval = await Do(w => w.ReviewOpinionAsync(p.TrackingNo, Registrar with { Role = OfficeRole.Supervisor }, null, opinionId, true, null, default));
        Assert.Contains("拟写人以外", selfApproval.Message);
        var stillNotApproved = await Do(w => w.ReplyAsync(p.TrackingNo, Registrar, null, default));
        Assert.False(stillNotApproved.Ok);

        Assert.True((await Do(w => w.ReviewOpinionAsync(p.TrackingNo, Supervisor, null, opinionId, true, "同意", default))).Ok);
        Assert.True((await Do(w => w.ReplyAsync(p.TrackingNo, Registrar, null, default))).Ok);
        Assert.Equal(PetitionStatus.Replied, (await Reload(p.TrackingNo)).Status);
    }

    [Fact]
    public async Task A_petition_is_carried_from_registration_to_conclusion_with_every_due_date()
    {
        var unit = await app.CreateUnitAsync("人社局-" + Guid.NewGuid().ToString("N")[..4], head: "李局长");
        var p = await app.FilePetitionAsync();
        var received = ChinaTime.ToDate(p.ReceivedUtc);
        Assert.Equal(D(received.AddDays(15)), PetitionClock.Format((await Reload(p.TrackingNo)).DueUtc));

        app.Clock.Advance(TimeSpan.FromDays(2));
        Assert.True((await Do(w => w.ForwardAsync(p.TrackingNo, Registrar, null, unit.Id, assign: true, default))).Ok);
        Assert.Equal(D(Today.AddDays(15)), PetitionClock.Format((await Reload(p.TrackingNo)).DueUtc));

        app.Clock.Advance(TimeSpan.FromDays(3));
        var unitUser = UnitUser(unit.Id);
        Assert.True((await Do(w => w.AcceptAsync(p.TrackingNo, unitUser, null, default))).Ok);
        var acceptedOn = Today;
        Assert.Equal(D(acceptedOn.AddDays(60)), PetitionClock.Format((await Reload(p.TrackingNo)).DueUtc));

        Assert.True((await Do(w => w.StartAsync(p.TrackingNo, unitUser, null, default))).Ok);
        Assert.True((await Do(w => w.ExtendAsync(p.TrackingNo, unitUser, null, 30, "涉及多方核查", "李局长", default))).Ok);
        Assert.Equal(D(acceptedOn.AddDays(90)), PetitionClock.Format((await Reload(p.TrackingNo)).DueUtc));

        app.Clock.Advance(TimeSpan.FromDays(40));
        Assert.True((await Do(w => w.DraftOpinionAsync(p.TrackingNo, unitUser, null, OpinionOutcome.Support, "已督促支付", "《保障农民工工资支付条例》", default))).Ok);
        var opinionId = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<HandlingOpinion>()
            .Where(o => o.PetitionId == p.Id).Select(o => o.Id).SingleAsync());
        Assert.True((await Do(w => w.ReviewOpinionAsync(p.TrackingNo, Supervisor, null, opinionId, true, null, default))).Ok);
        Assert.True((await Do(w => w.ReplyAsync(p.TrackingNo, unitUser, null, default))).Ok);
        var replied = await Reload(p.TrackingNo);
        Assert.Equal(PetitionStatus.Replied, replied.Status);
        Assert.Equal(D(Today.AddDays(15)), PetitionClock.Format(replied.DueUtc)); // 回访
        Assert.Contains(D(Today.AddDays(30)), (await Outbox(p.TrackingNo)).Last().Text); // 复查 window

        Assert.True((await Do(w => w.RecordFollowUpAsync(p.TrackingNo, Registrar, null, "工资已到账", PetitionRating.Satisfied, default))).Ok);
        Assert.True((await Do(w => w.ConcludeAsync(p.TrackingNo, Registrar, null, default))).Ok);
        var concluded = await Reload(p.TrackingNo);
        Assert.Equal(PetitionStatus.Concluded, concluded.Status);
        Assert.Null(concluded.DueUtc);

        var early = await Do(w => w.CloseAsync(p.TrackingNo, Registrar, null, default));
        Assert.Contains("期满后方可终结", early.Message);
        app.Clock.Advance(TimeSpan.FromDays(31));
        Assert.True((await Do(w => w.CloseAsync(p.TrackingNo, Registrar, null, default))).Ok);
        Assert.Equal(PetitionStatus.Closed, (await Reload(p.TrackingNo)).Status);

        var texts = (await Outbox(p.TrackingNo)).Select(m => m.Text).ToList();
        Assert.Equal(6, texts.Count); // 交办, 受理, 延期, 答复, 办结, 终结
    }

    [Fact]
    public async Task A_review_is_refused_after_30_days_and_runs_its_own_30_day_clock_within()
    {
        async Task<Petition> Replied()
        {
            var p = await app.FilePetitionAsync();
            await Do(w => w.AcceptAsync(p.TrackingNo, Registrar, null, default));
            await Do(w => w.DraftOpinionAsync(p.TrackingNo, Registrar, null, OpinionOutcome.Reject, "缺乏事实根据", "《信访工作条例》第三十二条第三项", default));
            var id = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<HandlingOpinion>()
                .Where(o => o.PetitionId == p.Id).Select(o => o.Id).SingleAsync());
            await Do(w => w.ReviewOpinionAsync(p.TrackingNo, Supervisor, null, id, true, null, default));
            Assert.True((await Do(w => w.ReplyAsync(p.TrackingNo, Registrar, null, default))).Ok);
            Assert.True((await Do(w => w.RecordFollowUpAsync(p.TrackingNo, Registrar, null, "已回访", PetitionRating.MostlySatisfied, default))).Ok);
            return p;
        }

        var late = await Replied();
        var inTime = await Replied();
        app.Clock.Advance(TimeSpan.FromDays(30));
        Assert.True((await Do(w => w.RequestReviewAsync(inTime.TrackingNo, Registrar, null, "市信访局", default))).Ok);
        var review = await Reload(inTime.TrackingNo);
        Assert.Equal(PetitionStatus.UnderReview, review.Status);
        Assert.Equal(D(Today.AddDays(30)), PetitionClock.Format(review.DueUtc));
        // The dashboard's 一次性化解 leaves out a petition whose 复查 was asked for: the workflow marks it as it happens.
        Assert.True(review.ReviewSought);

        app.Clock.Advance(TimeSpan.FromDays(1));
        var refused = await Do(w => w.RequestReviewAsync(late.TrackingNo, Registrar, null, null, default));
        Assert.Contains("第三十五条", refused.Message);
        Assert.False((await Reload(late.TrackingNo)).ReviewSought);
    }

    [Fact]
    public async Task A_dissatisfied_rating_goes_to_the_unit_head_and_then_to_a_county_leader()
    {
        var unit = await app.CreateUnitAsync("城管局-" + Guid.NewGuid().ToString("N")[..4], head: "赵局长");
        var p = await app.FilePetitionAsync();
        await Do(w => w.ForwardAsync(p.TrackingNo, Registrar, null, unit.Id, false, default));
        var u = UnitUser(unit.Id);
        await Do(w => w.AcceptAsync(p.TrackingNo, u, null, default));
        await Do(w => w.DraftOpinionAsync(p.TrackingNo, u, null, OpinionOutcome.Explain, "解释说明", "相关规定", default));
        var id = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<HandlingOpinion>()
            .Where(o => o.PetitionId == p.Id).Select(o => o.Id).SingleAsync());
        await Do(w => w.ReviewOpinionAsync(p.TrackingNo, Supervisor, null, id, true, null, default));
        await Do(w => w.ReplyAsync(p.TrackingNo, u, null, default));

        Assert.True((await Do(w => w.RecordFollowUpAsync(p.TrackingNo, Registrar, null, "认为未解决", PetitionRating.Dissatisfied, default))).Ok);
        var first = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<RatingEscalation>().Where(e => e.PetitionId == p.Id).ToListAsync());
        var level1 = Assert.Single(first);
        Assert.Equal(1, level1.Level);
        Assert.Contains("赵局长", level1.AssignedTo);
        Assert.Equal(D(Today.AddDays(15)), PetitionClock.Format((await Reload(p.TrackingNo)).DueUtc));

        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Supervisor));
        Assert.Contains("不满意·单位负责人督办", await client.GetStringAsync($"/office?q={p.TrackingNo}"));

        Assert.Equal(WorkflowOutcome.Forbidden, (await Do(w => w.ResolveEscalationAsync(p.TrackingNo, Registrar, null, "已整改", default))).Outcome);
        Assert.True((await Do(w => w.ResolveEscalationAsync(p.TrackingNo, u, null, "已补发工资", default))).Ok);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await Do(w => w.RecordFollowUpAsync(p.TrackingNo, Registrar, null, "仍不满意", PetitionRating.Dissatisfied, default))).Ok);

        var all = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<RatingEscalation>().Where(e => e.PetitionId == p.Id).OrderBy(e => e.Level).ToListAsync());
        Assert.Equal([1, 2], all.Select(e => e.Level));
        Assert.Equal("县级领导", all[1].AssignedTo);
        Assert.Contains("不满意·县级领导督办", await client.GetStringAsync($"/office?q={p.TrackingNo}"));
        Assert.True((await Do(w => w.ResolveEscalationAsync(p.TrackingNo, Leader, null, "县领导包案化解", default))).Ok);
    }

    [Fact]
    public async Task A_dissatisfied_rating_given_in_the_chat_escalates_on_the_next_scan_once()
    {
        var p = await app.FilePetitionAsync(x =>
        {
            x.Status = PetitionStatus.Concluded;
            x.Rating = PetitionRating.Dissatisfied;
            x.RatedUtc = app.Clock.GetUtcNow().UtcDateTime;
        });
        await app.InScopeAsync(sp => sp.GetRequiredService<DeadlineScanner>().ScanAsync(default));
        await app.InScopeAsync(sp => sp.GetRequiredService<DeadlineScanner>().ScanAsync(default));
        var escalations = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<RatingEscalation>().Where(e => e.PetitionId == p.Id).ToListAsync());
        Assert.Equal(1, Assert.Single(escalations).Level);
    }

    [Fact]
    public async Task The_deadline_watch_raises_each_notice_once_even_when_two_instances_scan()
    {
        var p = await app.FilePetitionAsync();
        var due = ChinaTime.ToDate((await Reload(p.TrackingNo)).DueUtc!.Value);

        app.Clock.SetUtcNow(new DateTimeOffset(due.AddDays(-2).ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero));
        await Task.WhenAll(
            app.InScopeAsync(sp => sp.GetRequiredService<DeadlineScanner>().ScanAsync(default)),
            app.InScopeAsync(sp => sp.GetRequiredService<DeadlineScanner>().ScanAsync(default)));
        await app.InScopeAsync(sp => sp.GetRequiredService<DeadlineScanner>().ScanAsync(default));

        app.Clock.SetUtcNow(new DateTimeOffset(due.AddDays(1).ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero));
        await Task.WhenAll(
            app.InScopeAsync(sp => sp.GetRequiredService<DeadlineScanner>().ScanAsync(default)),
            app.InScopeAsync(sp => sp.GetRequiredService<DeadlineScanner>().ScanAsync(default)));

        var alerts = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<DeadlineAlert>()
            .Where(a => a.PetitionId == p.Id).OrderBy(a => a.Id).Select(a => a.Kind).ToListAsync());
        Assert.Equal(["DueSoon:Dispose", "Overdue:Dispose"], alerts);

        var supervisor = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Supervisor));
        var queue = await supervisor.GetStringAsync("/office");
        Assert.Contains("督办提醒", queue);
        Assert.Contains($"/office/petitions/{p.TrackingNo}", queue);
    }

    [Fact]
    public async Task Id_number_and_phone_are_masked_until_revealed_and_the_reveal_is_audited()
    {
        var p = await app.FilePetitionAsync();
        var user = await app.CreateUserAsync(OfficeRole.Registrar);
        var client = await app.SignInAsync(user);

        var page = await client.GetStringAsync($"/office/petitions/{p.TrackingNo}");
        Assert.Contains("1101**********4514", page);
        Assert.Contains("138****5678", page);
        Assert.DoesNotContain("110101199003074514", page);
        Assert.DoesNotContain("13812345678", page);

        var revealed = await OfficeApp.PostActionAsync(client, p.TrackingNo, "Reveal");
        var html = await revealed.Content.ReadAsStringAsync();
        Assert.Contains("110101199003074514", html);
        Assert.Contains("13812345678", html);

        var audited = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<AuditEntry>()
            .AnyAsync(a => a.Subject == p.TrackingNo && a.Actor == user && a.Action == "查看身份证号和电话"));
        Assert.True(audited);
    }

    [Fact]
    public async Task A_leader_cannot_reveal_personal_data()
    {
        var p = await app.FilePetitionAsync();
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Leader));
        var page = await client.GetStringAsync($"/office/petitions/{p.TrackingNo}");
        Assert.DoesNotContain("显示完整身份证号", page);
        var response = await client.PostAsync($"/office/petitions/{p.TrackingNo}?handler=Reveal",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = OfficeApp.Token(page) }));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_audit_log_refuses_changes_and_deletions()
    {
        var p = await app.FilePetitionAsync();
        await Do(w => w.AcceptAsync(p.TrackingNo, Registrar, null, default));
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PetitionDbContext>();
            var entry = await db.Set<AuditEntry>().FirstAsync(a => a.Subject == p.TrackingNo);
            db.Remove(entry);
            return await db.SaveChangesAsync();
        }));
    }

    [Fact]
    public async Task Reassigning_an_item_keeps_its_history()
    {
        var next = await app.CreateUserAsync(OfficeRole.Registrar);
        var p = await app.FilePetitionAsync();
        await Do(w => w.AcceptAsync(p.TrackingNo, Registrar, null, default));
        Assert.Equal(Registrar.UserName, (await Reload(p.TrackingNo)).AssignedClerk);

        Assert.True((await Do(w => w.ReassignAsync(p.TrackingNo, Supervisor, null, next, "原承办人调岗", default))).Ok);

        Assert.Equal(next, (await Reload(p.TrackingNo)).AssignedClerk);
        var actions = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<PetitionEvent>()
            .Where(e => e.PetitionId == p.Id).OrderBy(e => e.Id).Select(e => e.Action + ":" + e.Note).ToListAsync());
        Assert.StartsWith("登记", actions[0]);
        Assert.StartsWith("受理", actions[1]);
        Assert.Contains($"改派:{Registrar.UserName} → {next}", actions[2]);
    }

    [Fact]
    public async Task A_litigation_related_item_is_transferred_to_the_political_legal_organ()
    {
        var court = await app.CreateUnitAsync("区人民法院-" + Guid.NewGuid().ToString("N")[..4], politicalLegal: true);
        var p = await app.FilePetitionAsync(x => x.LitigationRelated = true);
        Assert.True((await Do(w => w.TransferToLegalAsync(p.TrackingNo, Registrar, null, court.Id, "判决执行问题", default))).Ok);
        var after = await Reload(p.TrackingNo);
        Assert.Equal(PetitionStatus.TransferredToLegal, after.Status);
        Assert.Equal(court.Name, after.CurrentUnitName);
        Assert.Null(after.DueUtc);
        Assert.Contains("第二十二条", (await Outbox(p.TrackingNo)).Single().Text);
    }
}
