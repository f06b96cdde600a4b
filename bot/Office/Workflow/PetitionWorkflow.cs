using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Notifications;
using PetitionBot.Bot.Office.Audit;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Units;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Status;
using static PetitionBot.Bot.Petitions.Clock.StatutoryPeriods;
using PetitionBot.Bot.Petitions.Clock;

namespace PetitionBot.Bot.Office.Workflow;

/// <summary>
/// The handling workflow of 信访工作条例: each step checks the role, the status and the statutory period, then changes the
/// petition, its deadlines and timeline, the audit log and the citizen's outbox in one save. The form carries the
/// petition's Version, so a double submit or a colleague's change in between is refused instead of applied twice.
/// </summary>
public sealed class PetitionWorkflow(
    PetitionDbContext db,
    TimeProvider time,
    AuditLog audit,
    IOutbox outbox,
    IOptions<OfficeOptions> options,
    ILogger<PetitionWorkflow> logger)
{
    private PetitionDbContext Db => db;

    private static readonly PetitionStatus[] Handling =
        [PetitionStatus.Accepted, PetitionStatus.InProgress, PetitionStatus.Extended];

    // 受理: by the bureau for its own matters, or by the unit an item was forwarded to (第二十三条 书面告知).
    public Task<WorkflowResult> AcceptAsync(string no, OfficeActor actor, Guid? version, CancellationToken ct) =>
        RunAsync(no, actor, version, "受理", async s =>
        {
            var p = s.Petition;
            if (p.Status == PetitionStatus.Registered)
            {
                if (!actor.Has(OfficeRole.Registrar)) return WorkflowResult.Forbidden;
            }
            else if (p.Status == PetitionStatus.Forwarded)
            {
                if (!actor.Has(OfficeRole.Registrar, OfficeRole.HandlingUnit)) return WorkflowResult.Forbidden;
            }
            else return s.WrongStatus("受理");

            s.Close(DeadlineKind.Dispose, "已受理");
            s.Close(DeadlineKind.UnitNotice, "已书面告知受理");
            s.Close(DeadlineKind.UnitObjection, "已受理");
            // 第三十四条: 自受理之日起60日内办结.
            var due = s.Open(DeadlineKind.Conclude, ConcludeDays);
            p.AcceptedUtc = s.NowUtc;
            s.SetStatus(PetitionStatus.Accepted, "受理", $"办结期限 {PetitionClock.Format(due)}", due);
            s.Notify($"您的信访事项（编号 {p.TrackingNo}）已由{p.CurrentUnitName ?? options.Value.BureauName}受理，" +
                     $"将于 {PetitionClock.Format(due)} 前办结。");
            await Task.CompletedTask;
            return null;
        }, ct);

    // 不予受理 with the reason the citizen is told.
    public Task<WorkflowResult> DeclineAsync(string no, OfficeActor actor, Guid? version, string? reason, CancellationToken ct) =>
        RunAsync(no, actor, version, "不予受理", s =>
        {
            if (!actor.Has(OfficeRole.Registrar)) return Task.FromResult<WorkflowResult?>(WorkflowResult.Forbidden);
            if (s.Petition.Status != PetitionStatus.Registered) return Task.FromResult<WorkflowResult?>(s.WrongStatus("不予受理"));
            if (string.IsNullOrWhiteSpace(reason)) return Task.FromResult<WorkflowResult?>(WorkflowResult.Invalid("不予受理必须填写理由。"));
            s.CloseAll("不予受理");
            s.SetStatus(PetitionStatus.Declined, "不予受理", reason.Trim());
            s.Notify($"您的信访事项（编号 {s.Petition.TrackingNo}）不予受理。理由：{reason.Trim()}");
            return Task.FromResult<WorkflowResult?>(null);
        }, ct);

    // 转送 / 交办 (第二十二条); the unit has 15 days for its written notice and 5 working days to object (第二十三条).
    public Task<WorkflowResult> ForwardAsync(string no, OfficeActor actor, Guid? version, long unitId, bool assign, CancellationToken ct) =>
        RunAsync(no, actor, version, assign ? "交办" : "转送", async s =>
        {
            if (!actor.Has(OfficeRole.Registrar)) return WorkflowResult.Forbidden;
            if (s.Petition.Status != PetitionStatus.Registered) return s.WrongStatus(assign ? "交办" : "转送");
            var unit = await db.Set<HandlingUnit>().SingleOrDefaultAsync(u => u.Id == unitId && u.Active, ct);
            if (unit is null) return WorkflowResult.Invalid("请选择有效的办理单位。");

            var p = s.Petition;
            s.Close(DeadlineKind.Dispose, assign ? "已交办" : "已转送");
            var notice = s.Open(DeadlineKind.UnitNotice, UnitNoticeDays);
            s.OpenWindow(DeadlineKind.UnitObjection, PetitionClock.AddWorkingDays(s.Today, UnitObjectionWorkingDays));
            p.HandlingUnitId = unit.Id;
            p.CurrentUnitName = unit.Name;
            var verb = assign ? "交办" : "转送";
            s.SetStatus(PetitionStatus.Forwarded, verb, $"{verb}至 {unit.Name}", notice, unit.Name);
            s.Notify($"您的信访事项（编号 {p.TrackingNo}）已{verb}至{unit.Name}办理，" +
                     $"该单位将于 {PetitionClock.Format(notice)} 前书面告知您受理情况。");
            return null;
        }, ct);

    // 第二十三条: a unit that is not competent objects within 5 working days; the item returns to the bureau.
    public Task<WorkflowResult> ObjectAsync(string no, OfficeActor actor, Guid? version, string? reason, CancellationToken ct) =>
        RunAsync(no, actor, version, "提出异议", s =>
        {
            if (!actor.Has(OfficeRole.HandlingUnit, OfficeRole.Registrar)) return Task.FromResult<WorkflowResult?>(WorkflowResult.Forbidden);
            if (s.Petition.Status != PetitionStatus.Forwarded) return Task.FromResult<WorkflowResult?>(s.WrongStatus("提出异议"));
            if (string.IsNullOrWhiteSpace(reason)) return Task.FromResult<WorkflowResult?>(WorkflowResult.Invalid("提出异议必须详细说明理由。"));
            var window = s.OpenDeadline(DeadlineKind.UnitObjection);
            if (window is null || PetitionClock.IsOverdue(window.DueDate, s.Today))
                return Task.FromResult<WorkflowResult?>(WorkflowResult.Invalid(
                    $"已超过第二十三条规定的5个工作日异议期限（{(window is null ? "—" : PetitionClock.Format(window.DueDate))}）。"));

            var p = s.Petition;
            var unitName = p.CurrentUnitName;
            s.Close(DeadlineKind.UnitObjection, "已提出异议");
            s.Close(DeadlineKind.UnitNotice, "已提出异议");
            p.HandlingUnitId = null;
            p.CurrentUnitName = null;
            // Back with the bureau, which decides again within a new 15-day period.
            var due = s.Open(DeadlineKind.Dispose, DisposeDays);
            s.SetStatus(PetitionStatus.Registered, "提出异议", $"{unitName}：{reason.Trim()}", due, unitName);
            return Task.FromResult<WorkflowResult?>(null);
        }, ct);

    // 第二十二条: 涉法涉诉 matters go to the political-legal organs.
    public Task<WorkflowResult> TransferToLegalAsync(string no, OfficeActor actor, Guid? version, long unitId, string? note, CancellationToken ct) =>
        RunAsync(no, actor, version, "移交政法机关", async s =>
        {
            if (!actor.Has(OfficeRole.Registrar)) return WorkflowResult.Forbidden;
            if (s.Petition.Status is not (PetitionStatus.Registered or PetitionStatus.Forwarded or PetitionStatus.Accepted or PetitionStatus.InProgress))
                return s.WrongStatus("移交政法机关");
            var organ = await db.Set<HandlingUnit>().SingleOrDefaultAsync(u => u.Id == unitId && u.IsPoliticalLegal && u.Active, ct);
            if (organ is null) return WorkflowResult.Invalid("请选择政法机关（在单位管理中标记为政法机关的单位）。");
            var p = s.Petition;
            s.CloseAll("已移交政法机关");
            p.HandlingUnitId = organ.Id;
            p.CurrentUnitName = organ.Name;
            p.LitigationRelated = true;
            s.SetStatus(PetitionStatus.TransferredToLegal, "移交政法机关", note, null, organ.Name);
            s.Notify($"您的信访事项（编号 {p.TrackingNo}）属于涉法涉诉事项，已依照《信访工作条例》第二十二条转送{organ.Name}依法处理。");
            return null;
        }, ct);

    public Task<WorkflowResult> StartAsync(string no, OfficeActor actor, Guid? version, CancellationToken ct) =>
        RunAsync(no, actor, version, "开始办理", s =>
        {
            if (!actor.Has(OfficeRole.Registrar, OfficeRole.HandlingUnit)) return Task.FromResult<WorkflowResult?>(WorkflowResult.Forbidden);
            if (s.Petition.Status != PetitionStatus.Accepted) return Task.FromResult<WorkflowResult?>(s.WrongStatus("开始办理"));
            s.SetStatus(PetitionStatus.InProgress, "开始办理", null, s.OpenDeadline(DeadlineKind.Conclude)?.DueDate);
            return Task.FromResult<WorkflowResult?>(null);
        }, ct);

    // 第三十四条: 情况复杂的，经负责人批准，可延长不超过30日，并告知信访人延期理由.
    public Task<WorkflowResult> ExtendAsync(
        string no, OfficeActor actor, Guid? version, int days, string? reason, string? approvedBy, CancellationToken ct) =>
        RunAsync(no, actor, version, "延期", s =>
        {
            WorkflowResult? Fail(WorkflowResult r) => r;
            if (!actor.Has(OfficeRole.Registrar, OfficeRole.HandlingUnit)) return Task.FromResult(Fail(WorkflowResult.Forbidden));
            if (!Handling.Contains(s.Petition.Status)) return Task.FromResult(Fail(s.WrongStatus("延期")));
            var conclude = s.OpenDeadline(DeadlineKind.Conclude);
            if (conclude is null) return Task.FromResult(Fail(WorkflowResult.Invalid("该事项没有正在计算的办结期限。")));
            var used = conclude.DueDate.DayNumber - conclude.StartDate.DayNumber - ConcludeDays;
            var left = MaxExtensionDays - used;
            if (left <= 0) return Task.FromResult(Fail(WorkflowResult.Invalid("延长期限已用满30日（第三十四条），不能再延期。")));
            if (days < 1 || days > left) return Task.FromResult(Fail(WorkflowResult.Invalid($"延期天数须在 1 到 {left} 日之间（第三十四条：延长期限不得超过30日）。")));
            if (string.IsNullOrWhiteSpace(reason)) return Task.FromResult(Fail(WorkflowResult.Invalid("延期必须填写理由，理由将告知信访人。")));
            if (string.IsNullOrWhiteSpace(approvedBy)) return Task.FromResult(Fail(WorkflowResult.Invalid("延期须经本机关、单位负责人批准，请填写批准人。")));

            var before = conclude.DueDate;
            conclude.DueDate = conclude.DueDate.AddDays(days);
            s.SetStatus(PetitionStatus.Extended, "延期",
                $"延期 {days} 日（{PetitionClock.Format(before)} → {PetitionClock.Format(conclude.DueDate)}），理由：{reason.Trim()}；批准人：{approvedBy.Trim()}",
                conclude.DueDate);
            s.Notify($"您的信访事项（编号 {s.Petition.TrackingNo}）因{reason.Trim()}，经负责人批准延期 {days} 日，" +
                     $"办理期限延至 {PetitionClock.Format(conclude.DueDate)}。");
            return Task.FromResult<WorkflowResult?>(null);
        }, ct);

    // 第三十二条: the opinion names its outcome and its legal basis; it then waits for a supervisor (两前置).
    public Task<WorkflowResult> DraftOpinionAsync(
        string no, OfficeActor actor, Guid? version, OpinionOutcome outcome, string? text, string? legalBasis, CancellationToken ct) =>
        RunAsync(no, actor, version, "拟写处理意见", async s =>
        {
            var p = s.Petition;
            OpinionStage stage;
            if (Handling.Contains(p.Status))
            {
                if (!actor.Has(OfficeRole.Registrar, OfficeRole.HandlingUnit)) return WorkflowResult.Forbidden;
                stage = OpinionStage.Handling;
            }
            else if (p.Status is PetitionStatus.UnderReview or PetitionStatus.UnderRecheck)
            {
                // 复查/复核 are done above the original handler, not by the unit itself.
                if (!actor.Has(OfficeRole.Registrar, OfficeRole.Supervisor)) return WorkflowResult.Forbidden;
                stage = p.Status == PetitionStatus.UnderReview ? OpinionStage.Review : OpinionStage.Recheck;
            }
            else return s.WrongStatus("拟写处理意见");
            if (string.IsNullOrWhiteSpace(text)) return WorkflowResult.Invalid("请填写处理意见。");
            if (string.IsNullOrWhiteSpace(legalBasis)) return WorkflowResult.Invalid("请填写处理意见的法律法规依据（第三十二条）。");

            var pending = await db.Set<HandlingOpinion>()
                .AnyAsync(o => o.PetitionId == p.Id && o.Stage == stage && (o.State == OpinionState.PendingReview || o.State == OpinionState.Approved), ct);
            if (pending) return WorkflowResult.Invalid("已有待审核或待答复的处理意见，请先完成审核或答复。");

            db.Add(new HandlingOpinion
            {
                PetitionId = p.Id,
                Stage = stage,
                Outcome = outcome,
                Text = text.Trim(),
                LegalBasis = legalBasis.Trim(),
                DraftedBy = actor.UserName,
                DraftedUtc = s.NowUtc,
                IssuingUnit = stage == OpinionStage.Handling ? p.CurrentUnitName ?? options.Value.BureauName : options.Value.BureauName,
            });
            if (stage != OpinionStage.Handling) p.ReviewSought = true;
            if (p.Status == PetitionStatus.Accepted) p.Status = PetitionStatus.InProgress;
            s.Event("拟写处理意见", $"{OpinionText.Stage(stage)}：{OpinionText.Outcome(outcome)}，提交督办审核");
            return null;
        }, ct);

    // 两前置: a supervisor other than the author approves or returns the opinion before it goes out.
    public Task<WorkflowResult> ReviewOpinionAsync(
        string no, OfficeActor actor, Guid? version, long opinionId, bool approve, string? comment, CancellationToken ct) =>
        RunAsync(no, actor, version, approve ? "审核通过处理意见" : "退回处理意见", async s =>
        {
            if (!actor.Has(OfficeRole.Supervisor, OfficeRole.Leader)) return WorkflowResult.Forbidden;
            var opinion = await db.Set<HandlingOpinion>().SingleOrDefaultAsync(o => o.Id == opinionId && o.PetitionId == s.Petition.Id, ct);
            if (opinion is null || opinion.State != OpinionState.PendingReview) return WorkflowResult.Invalid("没有待审核的处理意见。");
            if (opinion.DraftedBy == actor.UserName) return WorkflowResult.Invalid("处理意见须由拟写人以外的督办人员审核。");
            if (!approve && string.IsNullOrWhiteSpace(comment)) return WorkflowResult.Invalid("退回时请写明修改意见。");
            opinion.State = approve ? OpinionState.Approved : OpinionState.Returned;
            opinion.ReviewedBy = actor.UserName;
            opinion.ReviewedUtc = s.NowUtc;
            opinion.ReviewComment = comment?.Trim();
            s.Event(approve ? "审核通过处理意见" : "退回处理意见", comment?.Trim());
            return null;
        }, ct);

    // 答复: the approved opinion goes to the citizen, who may ask for 复查/复核 within 30 days; 回访 falls due.
    public Task<WorkflowResult> ReplyAsync(string no, OfficeActor actor, Guid? version, CancellationToken ct) =>
        RunAsync(no, actor, version, "答复", async s =>
        {
            var p = s.Petition;
            if (!(Handling.Contains(p.Status) || p.Status is PetitionStatus.UnderReview or PetitionStatus.UnderRecheck))
                return s.WrongStatus("答复");
            var opinion = await db.Set<HandlingOpinion>()
                .Where(o => o.PetitionId == p.Id && o.State == OpinionState.Approved)
                .OrderByDescending(o => o.Id).FirstOrDefaultAsync(ct);
            if (opinion is null) return WorkflowResult.Invalid("答复前须有经督办审核通过的处理意见书。");
            var allowed = opinion.Stage == OpinionStage.Handling
                ? actor.Has(OfficeRole.Registrar, OfficeRole.HandlingUnit)
                : actor.Has(OfficeRole.Registrar, OfficeRole.Supervisor);
            if (!allowed) return WorkflowResult.Forbidden;

            opinion.State = OpinionState.Replied;
            opinion.RepliedUtc = s.NowUtc;
            p.RepliedUtc = s.NowUtc;
            s.Close(DeadlineKind.Conclude, "已答复");
            s.Close(DeadlineKind.ReviewOpinion, "已答复复查意见");
            s.Close(DeadlineKind.RecheckOpinion, "已答复复核意见");
            s.Close(DeadlineKind.FollowUp, "已重新答复");
            var followUp = s.Open(DeadlineKind.FollowUp, options.Value.FollowUpDays);
            string rights;
            if (opinion.Stage == OpinionStage.Handling)
            {
                var until = s.OpenWindow(DeadlineKind.ReviewRequest, s.Today.AddDays(ReviewRequestDays));
                rights = $"如不服，可自收到书面答复之日起30日内（{PetitionClock.Format(until)} 前）向上一级机关请求复查。";
            }
            else if (opinion.Stage == OpinionStage.Review)
            {
                var until = s.OpenWindow(DeadlineKind.RecheckRequest, s.Today.AddDays(RecheckRequestDays));
                rights = $"如不服，可自收到书面答复之日起30日内（{PetitionClock.Format(until)} 前）向复查机关的上一级机关请求复核。";
            }
            else
            {
                rights = "对复核意见不服，仍以同一事实和理由提出的，依照第三十六条不再受理。";
            }
            s.SetStatus(PetitionStatus.Replied, "答复",
                $"{OpinionText.Stage(opinion.Stage)}：{OpinionText.Outcome(opinion.Outcome)}；回访期限 {PetitionClock.Format(followUp)}", followUp);
            s.Notify($"您的信访事项（编号 {p.TrackingNo}）已作出{OpinionText.Stage(opinion.Stage)}：{OpinionText.Outcome(opinion.Outcome)}。{rights}");
            return null;
        }, ct);

    // 第三十五条 复查 / 第三十六条 复核: requested within 30 days of the written answer; opinion within 30 days.
    public Task<WorkflowResult> RequestReviewAsync(string no, OfficeActor actor, Guid? version, string? note, CancellationToken ct) =>
        RunAsync(no, actor, version, "复查/复核申请", async s =>
        {
            if (!actor.Has(OfficeRole.Registrar)) return WorkflowResult.Forbidden;
            var p = s.Petition;
            if (p.Status is not (PetitionStatus.Replied or PetitionStatus.Concluded)) return s.WrongStatus("登记复查/复核请求");
            var last = await db.Set<HandlingOpinion>()
                .Where(o => o.PetitionId == p.Id && o.State == OpinionState.Replied)
                .OrderByDescending(o => o.Id).Select(o => (OpinionStage?)o.Stage).FirstOrDefaultAsync(ct);
            if (last is null) return WorkflowResult.Invalid("尚未答复，不能请求复查。");
            if (last == OpinionStage.Recheck) return WorkflowResult.Invalid("已作出复核意见，依照第三十六条不再受理。");

            var review = last == OpinionStage.Handling;
            var windowKind = review ? DeadlineKind.ReviewRequest : DeadlineKind.RecheckRequest;
            var window = s.OpenDeadline(windowKind);
            if (window is null || PetitionClock.IsOverdue(window.DueDate, s.Today))
                return WorkflowResult.Invalid(review
                    ? "已超过第三十五条规定的30日复查请求期限。"
                    : "已超过第三十六条规定的30日复核请求期限。");

            s.Close(windowKind, "信访人已提出请求");
            var due = s.Open(review ? DeadlineKind.ReviewOpinion : DeadlineKind.RecheckOpinion, review ? ReviewOpinionDays : RecheckOpinionDays);
            var name = review ? "复查" : "复核";
            p.ConcludedUtc = null;
            s.SetStatus(review ? PetitionStatus.UnderReview : PetitionStatus.UnderRecheck, $"请求{name}",
                $"{name}意见期限 {PetitionClock.Format(due)}{(string.IsNullOrWhiteSpace(note) ? "" : "；" + note.Trim())}", due);
            s.Notify($"已收到您对信访事项（编号 {p.TrackingNo}）的{name}请求，将于 {PetitionClock.Format(due)} 前提出{name}意见并书面答复。");
            return null;
        }, ct);

    // 回访 with the citizen's rating; 不满意 climbs the 监督 ladder.
    public Task<WorkflowResult> RecordFollowUpAsync(
        string no, OfficeActor actor, Guid? version, string? result, PetitionRating rating, CancellationToken ct) =>
        RunAsync(no, actor, version, "回访", async s =>
        {
            if (!actor.Has(OfficeRole.Registrar, OfficeRole.HandlingUnit, OfficeRole.Supervisor)) return WorkflowResult.Forbidden;
            if (s.OpenDeadline(DeadlineKind.FollowUp) is null) return WorkflowResult.Invalid("该事项当前没有待办的回访任务。");
            if (string.IsNullOrWhiteSpace(result)) return WorkflowResult.Invalid("请填写回访情况。");
            var p = s.Petition;
            db.Add(new FollowUpVisit { PetitionId = p.Id, AtUtc = s.NowUtc, VisitedBy = actor.UserName, Result = result.Trim(), Rating = rating });
            s.Close(DeadlineKind.FollowUp, "已回访");
            p.Rating = rating;
            // The clerk's words go beside the citizen's reason, never over it: the bot promised to pass that on.
            p.FollowUpNote = result.Trim();
            p.RatedUtc = s.NowUtc;
            s.Event("回访", $"评价：{PetitionStatusText.Label(rating)}；{result.Trim()}");
            await EscalateIfDissatisfiedAsync(s, ct);
            return null;
        }, ct);

    // The unit head (level 1) or county leader (level 2) reports what was put right; the citizen is visited again.
    public Task<WorkflowResult> ResolveEscalationAsync(string no, OfficeActor actor, Guid? version, string? resolution, CancellationToken ct) =>
        RunAsync(no, actor, version, "督办整改", async s =>
        {
            var p = s.Petition;
            var open = await db.Set<RatingEscalation>()
                .Where(e => e.PetitionId == p.Id && e.ResolvedUtc == null).OrderByDescending(e => e.Level).FirstOrDefaultAsync(ct);
            if (open is null) return WorkflowResult.Invalid("该事项没有待整改的不满意督办。");
            var allowed = open.Level == 1
                ? actor.Has(OfficeRole.HandlingUnit, OfficeRole.Supervisor)
                : actor.Has(OfficeRole.Leader);
            if (!allowed) return WorkflowResult.Forbidden;
            if (string.IsNullOrWhiteSpace(resolution)) return WorkflowResult.Invalid("请填写整改情况。");
            open.ResolvedUtc = s.NowUtc;
            open.ResolvedBy = actor.UserName;
            open.Resolution = resolution.Trim();
            s.Close(DeadlineKind.Rectify, "已整改");
            var due = s.Open(DeadlineKind.FollowUp, options.Value.FollowUpDays);
            s.Event("督办整改", $"{RatingEscalation.LevelName(open.Level)}：{resolution.Trim()}；再次回访期限 {PetitionClock.Format(due)}", due);
            return null;
        }, ct);

    public Task<WorkflowResult> ConcludeAsync(string no, OfficeActor actor, Guid? version, CancellationToken ct) =>
        RunAsync(no, actor, version, "办结", s =>
        {
            if (!actor.Has(OfficeRole.Registrar)) return Task.FromResult<WorkflowResult?>(WorkflowResult.Forbidden);
            if (s.Petition.Status != PetitionStatus.Replied) return Task.FromResult<WorkflowResult?>(s.WrongStatus("办结"));
            s.Petition.ConcludedUtc = s.NowUtc;
            s.SetStatus(PetitionStatus.Concluded, "办结", null);
            s.Notify($"您的信访事项（编号 {s.Petition.TrackingNo}）已办结。欢迎对办理情况作出评价（满意/基本满意/不满意）。");
            return Task.FromResult<WorkflowResult?>(null);
        }, ct);

    // 终结: after 复核, or once the citizen's 30 days for 复查/复核 have passed without a request.
    public Task<WorkflowResult> CloseAsync(string no, OfficeActor actor, Guid? version, CancellationToken ct) =>
        RunAsync(no, actor, version, "终结", async s =>
        {
            if (!actor.Has(OfficeRole.Registrar, OfficeRole.Supervisor)) return WorkflowResult.Forbidden;
            var p = s.Petition;
            if (p.Status is not (PetitionStatus.Replied or PetitionStatus.Concluded)) return s.WrongStatus("终结");
            var last = await db.Set<HandlingOpinion>()
                .Where(o => o.PetitionId == p.Id && o.State == OpinionState.Replied)
                .OrderByDescending(o => o.Id).Select(o => (OpinionStage?)o.Stage).FirstOrDefaultAsync(ct);
            var window = s.OpenDeadline(DeadlineKind.ReviewRequest) ?? s.OpenDeadline(DeadlineKind.RecheckRequest);
            if (last != OpinionStage.Recheck && window is not null && !PetitionClock.IsOverdue(window.DueDate, s.Today))
                return WorkflowResult.Invalid($"信访人可于 {PetitionClock.Format(window.DueDate)} 前请求复查/复核，期满后方可终结。");
            s.CloseAll("已终结");
            p.ConcludedUtc ??= s.NowUtc;
            s.SetStatus(PetitionStatus.Closed, "终结", null);
            s.Notify($"您的信访事项（编号 {p.TrackingNo}）已终结。");
            return null;
        }, ct);

    // Handover: the item keeps its whole history; only the clerk changes.
    public Task<WorkflowResult> ReassignAsync(string no, OfficeActor actor, Guid? version, string? clerk, string? note, CancellationToken ct) =>
        RunAsync(no, actor, version, "改派", async s =>
        {
            if (!actor.Has(OfficeRole.Registrar, OfficeRole.Supervisor)) return WorkflowResult.Forbidden;
            var target = await db.Set<OfficeUser>().SingleOrDefaultAsync(u => u.UserName == clerk && u.Active, ct);
            if (target is null || target.Role is not (OfficeRole.Registrar or OfficeRole.Supervisor))
                return WorkflowResult.Invalid("请选择在岗的登记员或督办人员。");
            var p = s.Petition;
            var from = p.AssignedClerk;
            if (from == target.UserName) return WorkflowResult.Invalid("该事项已由此人承办。");
            p.AssignedClerk = target.UserName;
            s.Event("改派", $"{from ?? "（未分派）"} → {target.UserName}（{target.DisplayName}）{(string.IsNullOrWhiteSpace(note) ? "" : "：" + note.Trim())}");
            return null;
        }, ct);

    /// <summary>A 不满意 rating that has not escalated yet climbs one level (at most two).</summary>
    internal async Task<bool> EscalateIfDissatisfiedAsync(Step s, CancellationToken ct)
    {
        var p = s.Petition;
        if (p.Rating != PetitionRating.Dissatisfied || p.RatedUtc is not { } rated) return false;
        var existing = await db.Set<RatingEscalation>().Where(e => e.PetitionId == p.Id).ToListAsync(ct);
        existing.AddRange(db.ChangeTracker.Entries<RatingEscalation>().Where(e => e.State == EntityState.Added && e.Entity.PetitionId == p.Id).Select(e => e.Entity));
        if (existing.Any(e => e.TriggerRatedUtc == rated)) return false;
        var level = existing.Count == 0 ? 1 : existing.Max(e => e.Level) + 1;
        if (level > 2)
        {
            s.Event("不满意", "已经县级领导督办，评价仍为不满意；请督办人员研判。");
            return false;
        }
        string assignee;
        if (level == 1)
        {
            var unit = p.HandlingUnitId is { } id ? await db.Set<HandlingUnit>().SingleOrDefaultAsync(u => u.Id == id, ct) : null;
            assignee = unit is null ? $"{options.Value.BureauName}负责人" : $"{unit.Name}负责人{(string.IsNullOrWhiteSpace(unit.HeadName) ? "" : "（" + unit.HeadName + "）")}";
        }
        else assignee = "县级领导";
        var due = s.Open(DeadlineKind.Rectify, options.Value.RectifyDays);
        db.Add(new RatingEscalation
        {
            PetitionId = p.Id, Level = level, AssignedTo = assignee, CreatedUtc = s.NowUtc, DueDate = due, TriggerRatedUtc = rated,
        });
        s.Event("不满意督办", $"{RatingEscalation.LevelName(level)}：交 {assignee}，限 {PetitionClock.Format(due)} 前整改", due);
        logger.LogInformation("Petition {TrackingNo} escalated to level {Level} after a 不满意 rating", p.TrackingNo, level);
        return true;
    }

    /// <summary>Escalates ratings given outside the office (the citizen rating in the chat); run by the deadline watch.</summary>
    public async Task<int> EscalateCitizenRatingsAsync(CancellationToken ct)
    {
        var candidates = await db.Petitions
            .Where(p => p.Rating == PetitionRating.Dissatisfied && p.RatedUtc != null
                && !db.Set<RatingEscalation>().Any(e => e.PetitionId == p.Id && e.TriggerRatedUtc == p.RatedUtc)
                && db.Set<RatingEscalation>().Count(e => e.PetitionId == p.Id) < 2)
            .OrderBy(p => p.Id).Select(p => p.TrackingNo).Take(100).ToListAsync(ct);
        var count = 0;
        foreach (var no in candidates)
        {
            var result = await RunAsync(no, OfficeActor.System, null, "不满意督办", async s =>
                await EscalateIfDissatisfiedAsync(s, ct) ? null : WorkflowResult.Invalid("nothing to escalate"), ct);
            if (result.Ok) count++;
            db.ChangeTracker.Clear();
        }
        return count;
    }

    private async Task<WorkflowResult> RunAsync(
        string trackingNo, OfficeActor actor, Guid? version, string action, Func<Step, Task<WorkflowResult?>> apply, CancellationToken ct)
    {
        var petition = await db.Petitions.SingleOrDefaultAsync(p => p.TrackingNo == trackingNo, ct);
        if (petition is null) return WorkflowResult.NotFound;
        if (!actor.CanSee(petition)) return WorkflowResult.Forbidden;
        if (version is { } v && v != petition.Version) return WorkflowResult.Conflict;

        var deadlines = await db.Set<PetitionDeadline>().Where(d => d.PetitionId == petition.Id && d.ClosedUtc == null).ToListAsync(ct);
        var before = Snapshot(petition);
        var step = new Step(this, petition, actor, time.GetUtcNow().UtcDateTime, deadlines);
        var error = await apply(step);
        if (error is not null)
        {
            db.ChangeTracker.Clear();
            return error;
        }

        var due = deadlines.Where(d => d.IsObligation && d.ClosedUtc is null).Select(d => (DateOnly?)d.DueDate).Min();
        petition.DueUtc = due is { } d ? PetitionClock.EndOfDayUtc(d) : null;
        if (petition.AssignedClerk is null && actor.Role == OfficeRole.Registrar) petition.AssignedClerk = actor.UserName;
        var previousVersion = petition.Version;
        petition.Version = Guid.NewGuid();
        audit.Add(actor, action, petition.TrackingNo, before, Snapshot(petition));
        // One transaction: the notice is queued exactly when the change is saved (durable outbox).
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return WorkflowResult.Conflict;
        }
        if (step.CitizenText is { } text)
        {
            await outbox.EnqueueAsync(petition.Channel, petition.ChannelUserId, "status", text, petition.TrackingNo,
                $"office:{petition.TrackingNo}:{previousVersion:N}", ct);
        }
        await transaction.CommitAsync(ct);
        logger.LogInformation("Petition {TrackingNo}: {Action} by user {UserId} → {Status}", petition.TrackingNo, action, actor.UserId, petition.Status);
        return WorkflowResult.Done($"已{action}。");
    }

    private static object Snapshot(Petition p) => new
    {
        status = p.Status.ToString(),
        due = PetitionClock.Format(p.DueUtc),
        unit = p.CurrentUnitName,
        clerk = p.AssignedClerk,
        rating = p.Rating?.ToString(),
    };

    /// <summary>One step in progress: the petition, its open deadlines and what to record.</summary>
    internal sealed class Step(PetitionWorkflow owner, Petition petition, OfficeActor actor, DateTime nowUtc, List<PetitionDeadline> deadlines)
    {
        public Petition Petition { get; } = petition;
        public DateTime NowUtc { get; } = nowUtc;
        public DateOnly Today { get; } = ChinaTime.ToDate(nowUtc);
        public string? CitizenText { get; private set; }

        public PetitionDeadline? OpenDeadline(DeadlineKind kind) => deadlines.FirstOrDefault(d => d.Kind == kind && d.ClosedUtc is null);

        /// <summary>Starts an obligation of <paramref name="days"/> calendar days from today; returns its last day.</summary>
        public DateOnly Open(DeadlineKind kind, int days) => Add(kind, PetitionClock.AddCalendarDays(Today, days), obligation: true);

        public DateOnly OpenWindow(DeadlineKind kind, DateOnly due) => Add(kind, due, obligation: false);

        private DateOnly Add(DeadlineKind kind, DateOnly due, bool obligation)
        {
            Close(kind, "重新计算");
            var d = new PetitionDeadline
            {
                PetitionId = Petition.Id, Kind = kind, StartDate = Today, DueDate = due, IsObligation = obligation, OpenedUtc = NowUtc,
            };
            deadlines.Add(d);
            owner.Db.Add(d);
            return due;
        }

        public void Close(DeadlineKind kind, string note)
        {
            foreach (var d in deadlines.Where(d => d.Kind == kind && d.ClosedUtc is null))
            {
                d.ClosedUtc = NowUtc;
                d.ClosedNote = note;
            }
        }

        public void CloseAll(string note)
        {
            foreach (var kind in deadlines.Where(d => d.ClosedUtc is null).Select(d => d.Kind).Distinct().ToList()) Close(kind, note);
        }

        public void SetStatus(PetitionStatus to, string action, string? note, DateOnly? due = null, string? unit = null)
        {
            var from = Petition.Status;
            Petition.Status = to;
            // 复查/复核 asked for (第三十五、三十六条): the petition was not resolved at once, whatever follows.
            if (to is PetitionStatus.UnderReview or PetitionStatus.UnderRecheck) Petition.ReviewSought = true;
            owner.Db.Add(new PetitionEvent
            {
                PetitionId = Petition.Id, AtUtc = NowUtc, Action = action, Actor = Describe(), FromStatus = from, ToStatus = to,
                Note = note, DueDate = due, UnitName = unit ?? Petition.CurrentUnitName,
            });
        }

        public void Event(string action, string? note, DateOnly? due = null) =>
            owner.Db.Add(new PetitionEvent
            {
                PetitionId = Petition.Id, AtUtc = NowUtc, Action = action, Actor = Describe(), Note = note, DueDate = due,
                UnitName = Petition.CurrentUnitName,
            });

        public void Notify(string text) => CitizenText = text;

        public WorkflowResult WrongStatus(string what) =>
            WorkflowResult.Invalid($"当前状态为「{PetitionStatusText.Label(Petition.Status)}」，不能{what}。");

        private string Describe() => actor.UserId == 0 ? "系统" : $"{actor.DisplayName}（{actor.RoleLabel}）";
    }
}
