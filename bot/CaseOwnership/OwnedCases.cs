using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Audit;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Workflow;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Clock;
using PetitionBot.Bot.Petitions.PersonalData;

namespace PetitionBot.Bot.CaseOwnership;

/// <summary>One step of a plan as a clerk types it.</summary>
public sealed record PlanStepInput(string? Text, DateOnly? TargetDate);

/// <summary>A clerk's assignment: the owning leader's user name and the steps to add to the plan.</summary>
public sealed record CaseAssignment(string? Owner, IReadOnlyList<PlanStepInput>? Plan);

/// <summary>The owner's progress note: what was done, and on which day (today when left out).</summary>
public sealed record ProgressInput(string? Text, DateOnly? Date);

/// <summary>A case as the lists show it; Stale: no progress for 7 days.</summary>
public sealed record CaseRow(
    long PetitionId, string TrackingNo, string PetitionerName, string Request, string Owner, string OwnerUserName,
    string AssignedOn, string? LastProgressOn, bool Stale, int StepsDone, int StepsTotal, string? ClosedOn = null, string? ClosingNote = null);

public sealed record PlanStepRow(long Id, int Order, string Text, string TargetDate, bool Done, bool Overdue, string? DoneAt, string? DoneBy);

public sealed record ProgressRow(long Id, string Date, string Text, string RecordedAt, string RecordedBy);

/// <summary>An eligible petition with no owning leader yet (for clerks).</summary>
public sealed record AwaitingOwner(long PetitionId, string TrackingNo, string PetitionerName, string Request, bool IsRepeat, bool RepeatGovernance);

/// <summary>One petition's 包保 page: the petition, its case (null before a leader is assigned), plan and progress.</summary>
public sealed record CaseView(
    Petition Petition, bool Eligible, CaseRow? Case, IReadOnlyList<PlanStepRow> Plan, IReadOnlyList<ProgressRow> Progress, bool IsOwner);

/// <summary>
/// 包保 (一案一策): clerks mark petitions for repeat-petition governance and assign an owning leader with a plan; the owner
/// records progress and ticks off steps. The owner sees only their own cases; 登记员, 督办 and 管理员 see all. Every
/// assignment and progress note is audited under the petition's tracking number, in the same save as the change.
/// </summary>
public sealed class OwnedCases(PetitionDbContext db, AuditLog audit, TimeProvider time, ILogger<OwnedCases> logger)
{
    public const int MaxSteps = 20;

    public DateOnly Today => ChinaTime.Today(time);

    /// <summary>Clerks and supervisors manage every case; a leader only works on the cases they own.</summary>
    public static bool MayManage(OfficeActor actor) => actor.Has(OfficeRole.Registrar, OfficeRole.Supervisor);

    private IQueryable<OwnedCase> Visible(OfficeActor actor)
    {
        var q = db.Set<OwnedCase>().AsNoTracking();
        if (MayManage(actor)) return q;
        return actor.Role == OfficeRole.Leader ? q.Where(c => c.OwnerUserId == actor.UserId) : q.Where(_ => false);
    }

    /// <summary>The cases the actor may see, flagged ones first; staleOnly keeps only those without progress for 7 days.</summary>
    public async Task<IReadOnlyList<CaseRow>> ListAsync(OfficeActor actor, bool staleOnly, CancellationToken ct)
    {
        var today = Today;
        var q = Visible(actor);
        if (staleOnly) q = q.Where(CaseRules.Stale(today));
        var rows = await q.OrderBy(c => c.Id).Take(500).Select(c => new
        {
            c.PetitionId, c.Petition.TrackingNo, c.Petition.PetitionerName, c.Petition.Request,
            Owner = c.Owner.DisplayName, OwnerUserName = c.Owner.UserName, c.AssignedOn, c.ClosedOn, c.ClosingNote,
            Last = c.Progress.Max(p => (DateOnly?)p.Date),
            Done = c.Plan.Count(s => s.DoneUtc != null), Total = c.Plan.Count,
        }).ToListAsync(ct);
        return rows
            .Select(r => new CaseRow(r.PetitionId, r.TrackingNo, r.PetitionerName, r.Request, r.Owner, r.OwnerUserName,
                PetitionClock.Format(r.AssignedOn), r.Last is { } l ? PetitionClock.Format(l) : null,
                CaseRules.IsStale(r.Last, r.AssignedOn, r.ClosedOn, today), r.Done, r.Total,
                r.ClosedOn is { } closed ? PetitionClock.Format(closed) : null, r.ClosingNote))
            .OrderBy(r => r.ClosedOn is not null).ThenByDescending(r => r.Stale).ThenBy(r => r.LastProgressOn ?? r.AssignedOn, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Repeat or marked petitions that have no owning leader yet, newest first (clerks only).</summary>
    public async Task<IReadOnlyList<AwaitingOwner>> AwaitingOwnerAsync(OfficeActor actor, CancellationToken ct)
    {
        if (!MayManage(actor)) return [];
        var owned = db.Set<OwnedCase>().Select(c => c.PetitionId);
        return await db.Petitions.AsNoTracking().Where(CaseRules.Eligible).Where(p => !owned.Contains(p.Id))
            .OrderByDescending(p => p.Id).Take(100)
            .Select(p => new AwaitingOwner(p.Id, p.TrackingNo, p.PetitionerName, p.Request, p.IsRepeat, p.RepeatGovernance))
            .ToListAsync(ct);
    }

    /// <summary>Active 领导 accounts: who can own a case.</summary>
    public async Task<IReadOnlyList<OfficeUser>> LeadersAsync(CancellationToken ct) =>
        await db.Set<OfficeUser>().AsNoTracking().Where(u => u.Active && u.Role == OfficeRole.Leader)
            .OrderBy(u => u.DisplayName).ToListAsync(ct);

    /// <summary>The petition's 包保 page, if the actor may see it: clerks always, a leader only for a case they own.</summary>
    public async Task<(WorkflowOutcome Outcome, CaseView? View)> FindAsync(OfficeActor actor, long petitionId, CancellationToken ct)
    {
        var petition = await db.Petitions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == petitionId, ct);
        if (petition is null) return (WorkflowOutcome.NotFound, null);
        var c = await db.Set<OwnedCase>().AsNoTracking().Include(x => x.Owner).Include(x => x.Plan).Include(x => x.Progress)
            .FirstOrDefaultAsync(x => x.PetitionId == petitionId, ct);
        var isOwner = c is not null && c.OwnerUserId == actor.UserId;
        if (!MayManage(actor) && !isOwner) return (WorkflowOutcome.Forbidden, null);

        var today = Today;
        CaseRow? row = null;
        if (c is not null)
        {
            var last = c.Progress.Count == 0 ? (DateOnly?)null : c.Progress.Max(p => p.Date);
            row = new CaseRow(petition.Id, petition.TrackingNo, petition.PetitionerName, petition.Request, c.Owner.DisplayName,
                c.Owner.UserName, PetitionClock.Format(c.AssignedOn), last is { } l ? PetitionClock.Format(l) : null,
                CaseRules.IsStale(last, c.AssignedOn, c.ClosedOn, today), c.Plan.Count(s => s.DoneUtc is not null), c.Plan.Count,
                c.ClosedOn is { } closed ? PetitionClock.Format(closed) : null, c.ClosingNote);
        }
        var plan = (c?.Plan ?? []).OrderBy(s => s.Order).ThenBy(s => s.Id)
            .Select(s => new PlanStepRow(s.Id, s.Order, s.Text, PetitionClock.Format(s.TargetDate), s.DoneUtc is not null,
                s.DoneUtc is null && s.TargetDate < today, s.DoneUtc is { } d ? ChinaTime.Format(d) : null, s.DoneBy))
            .ToList();
        var progress = (c?.Progress ?? []).OrderByDescending(p => p.Date).ThenByDescending(p => p.Id)
            .Select(p => new ProgressRow(p.Id, PetitionClock.Format(p.Date), p.Text, ChinaTime.Format(p.RecordedUtc), p.RecordedBy))
            .ToList();
        return (WorkflowOutcome.Ok, new CaseView(petition, CaseRules.IsEligible(petition), row, plan, progress, isOwner));
    }

    /// <summary>A clerk marks a petition for 重复信访治理, which makes it eligible for an owning leader.</summary>
    public async Task<WorkflowResult> MarkGovernanceAsync(OfficeActor actor, long petitionId, CancellationToken ct)
    {
        if (!MayManage(actor)) return WorkflowResult.Forbidden;
        var p = await db.Petitions.FirstOrDefaultAsync(x => x.Id == petitionId, ct);
        if (p is null) return WorkflowResult.NotFound;
        if (p.RepeatGovernance) return WorkflowResult.Done("该事项已标记为重复信访治理。");
        p.RepeatGovernance = true;
        p.Version = Guid.NewGuid();
        audit.Add(actor, "标记重复信访治理", p.TrackingNo, new { repeatGovernance = false }, new { repeatGovernance = true });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return WorkflowResult.Conflict;
        }
        logger.LogInformation("Petition {TrackingNo} marked for repeat-petition governance by office user {UserId}", p.TrackingNo, actor.UserId);
        return WorkflowResult.Done("已标记为重复信访治理，可以指定包保领导。");
    }

    /// <summary>
    /// A clerk assigns (or changes) the owning leader and adds plan steps. A new case needs at least one step: the plan
    /// (一案一策) is what the owner is held to.
    /// </summary>
    public async Task<WorkflowResult> AssignAsync(OfficeActor actor, long petitionId, CaseAssignment input, CancellationToken ct)
    {
        if (!MayManage(actor)) return WorkflowResult.Forbidden;
        var p = await db.Petitions.AsNoTracking().FirstOrDefaultAsync(x => x.Id == petitionId, ct);
        if (p is null) return WorkflowResult.NotFound;
        if (!CaseRules.IsEligible(p))
            return WorkflowResult.Invalid("该事项不是重复信访，也未标记为重复信访治理，不能指定包保领导。请先标记为重复信访治理。");

        var ownerName = input.Owner?.Trim();
        var owner = string.IsNullOrEmpty(ownerName) ? null
            : await db.Set<OfficeUser>().AsNoTracking().FirstOrDefaultAsync(u => u.UserName == ownerName, ct);
        if (owner is null || !owner.Active || owner.Role != OfficeRole.Leader) return WorkflowResult.Invalid("请选择一位在岗的领导作为包保领导。");

        var today = Today;
        var steps = (input.Plan ?? []).Where(s => !string.IsNullOrWhiteSpace(s.Text) || s.TargetDate is not null).ToList();
        if (steps.Count > MaxSteps) return WorkflowResult.Invalid($"一次最多填写 {MaxSteps} 项措施。");
        foreach (var s in steps)
        {
            if (string.IsNullOrWhiteSpace(s.Text)) return WorkflowResult.Invalid("每项措施都要写明做什么。");
            if (s.Text.Trim().Length > 500) return WorkflowResult.Invalid("每项措施不超过 500 字。");
            if (s.TargetDate is not { } target) return WorkflowResult.Invalid($"请为措施「{s.Text.Trim()}」填写完成时限。");
            if (target < today) return WorkflowResult.Invalid($"措施「{s.Text.Trim()}」的完成时限不能早于今天。");
        }

        var c = await db.Set<OwnedCase>().Include(x => x.Plan).FirstOrDefaultAsync(x => x.PetitionId == petitionId, ct);
        if (c is null && steps.Count == 0) return WorkflowResult.Invalid("请至少填写一项化解措施及完成时限（一案一策）。");
        var before = c is null ? null : new { owner = await OwnerNameAsync(c.OwnerUserId, ct) };
        var now = time.GetUtcNow().UtcDateTime;
        if (c is null)
        {
            c = new OwnedCase { PetitionId = p.Id, OwnerUserId = owner.Id, AssignedUtc = now, AssignedOn = today, AssignedBy = actor.UserName };
            db.Add(c);
        }
        else if (c.OwnerUserId != owner.Id)
        {
            // A new owner starts their own week: the flag counts from the handover until they report.
            c.OwnerUserId = owner.Id;
            c.AssignedUtc = now;
            c.AssignedOn = today;
            c.AssignedBy = actor.UserName;
        }
        var order = c.Plan.Count == 0 ? 0 : c.Plan.Max(s => s.Order);
        foreach (var s in steps) c.Plan.Add(new PlanStep { Order = ++order, Text = s.Text!.Trim(), TargetDate = s.TargetDate!.Value });

        audit.Add(actor, "指定包保领导", p.TrackingNo, before, new
        {
            owner = owner.UserName,
            plan = steps.Select(s => new { text = s.Text!.Trim(), targetDate = PetitionClock.Format(s.TargetDate!.Value) }),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Another clerk created the case at the same moment.
            return WorkflowResult.Conflict;
        }
        logger.LogInformation("Case of petition {TrackingNo} ({Petitioner}) assigned to office user {OwnerId} by {UserId} with {Steps} new steps",
            p.TrackingNo, Masking.MaskName(p.PetitionerName), owner.Id, actor.UserId, steps.Count);
        return WorkflowResult.Done($"已指定 {owner.DisplayName} 为包保领导。");
    }

    private async Task<string?> OwnerNameAsync(long userId, CancellationToken ct) =>
        await db.Set<OfficeUser>().Where(u => u.Id == userId).Select(u => u.UserName).FirstOrDefaultAsync(ct);

    /// <summary>The owner records progress; the history is kept, nothing is overwritten.</summary>
    public async Task<(WorkflowResult Result, long? Id)> RecordProgressAsync(OfficeActor actor, long petitionId, ProgressInput input, CancellationToken ct)
    {
        var (outcome, c, p) = await OwnCaseAsync(actor, petitionId, ct);
        if (outcome != WorkflowOutcome.Ok) return (outcome == WorkflowOutcome.NotFound ? WorkflowResult.NotFound : WorkflowResult.Forbidden, null);
        if (c!.ClosedOn is not null) return (WorkflowResult.Invalid("本案已化解销号，无需再报进展。"), null);
        var today = Today;
        var text = input.Text?.Trim();
        if (string.IsNullOrEmpty(text)) return (WorkflowResult.Invalid("请填写本次进展。"), null);
        if (text.Length > 2000) return (WorkflowResult.Invalid("进展不超过 2000 字。"), null);
        var date = input.Date ?? today;
        if (date > today) return (WorkflowResult.Invalid("进展日期不能晚于今天。"), null);
        if (date < c!.AssignedOn) return (WorkflowResult.Invalid($"进展日期不能早于指定包保的日期（{PetitionClock.Format(c.AssignedOn)}）。"), null);

        var progress = new CaseProgress
        {
            OwnedCaseId = c.Id, Date = date, Text = text, RecordedUtc = time.GetUtcNow().UtcDateTime, RecordedBy = actor.UserName,
        };
        db.Add(progress);
        // The audit keeps what was reported with ID and phone numbers masked; the case's own history has the full note.
        audit.Add(actor, "包保进展", p!.TrackingNo, null, new { date = PetitionClock.Format(date), text = Masking.MaskText(text) });
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Progress dated {Date} recorded on the case of petition {TrackingNo} ({Petitioner}) by office user {UserId}",
            PetitionClock.Format(date), p.TrackingNo, Masking.MaskName(p.PetitionerName), actor.UserId);
        return (WorkflowResult.Done("已记录进展。"), progress.Id);
    }

    /// <summary>The owner ticks off a plan step.</summary>
    public async Task<WorkflowResult> CompleteStepAsync(OfficeActor actor, long petitionId, long stepId, CancellationToken ct)
    {
        var (outcome, c, p) = await OwnCaseAsync(actor, petitionId, ct);
        if (outcome != WorkflowOutcome.Ok) return outcome == WorkflowOutcome.NotFound ? WorkflowResult.NotFound : WorkflowResult.Forbidden;
        var step = await db.Set<PlanStep>().FirstOrDefaultAsync(s => s.Id == stepId && s.OwnedCaseId == c!.Id, ct);
        if (step is null) return WorkflowResult.Invalid("该措施不属于本案。");
        if (step.DoneUtc is not null) return WorkflowResult.Done("该措施已完成。");
        step.DoneUtc = time.GetUtcNow().UtcDateTime;
        step.DoneBy = actor.UserName;
        audit.Add(actor, "完成包保措施", p!.TrackingNo, null, new { step = step.Text, targetDate = PetitionClock.Format(step.TargetDate) });
        await db.SaveChangesAsync(ct);
        return WorkflowResult.Done($"已完成：{step.Text}");
    }

    /// <summary>
    /// A clerk revises an open step (what to do, by when) or, with <paramref name="input"/> null, withdraws it; a step
    /// already done is history and stays, and the plan keeps at least one step. Both are in the audit log with the old value.
    /// </summary>
    public async Task<WorkflowResult> ReviseStepAsync(OfficeActor actor, long petitionId, long stepId, PlanStepInput? input, CancellationToken ct)
    {
        if (!MayManage(actor)) return WorkflowResult.Forbidden;
        var c = await db.Set<OwnedCase>().Include(x => x.Petition).Include(x => x.Plan).FirstOrDefaultAsync(x => x.PetitionId == petitionId, ct);
        if (c is null) return WorkflowResult.NotFound;
        if (c.ClosedOn is not null) return WorkflowResult.Invalid("本案已化解销号，措施不能再修改。");
        var step = c.Plan.FirstOrDefault(s => s.Id == stepId);
        if (step is null) return WorkflowResult.Invalid("该措施不属于本案。");
        if (step.DoneUtc is not null) return WorkflowResult.Invalid("已完成的措施不能修改或撤销。");
        var before = new { step = step.Text, targetDate = PetitionClock.Format(step.TargetDate) };
        if (input is null)
        {
            if (c.Plan.Count == 1) return WorkflowResult.Invalid("这是本案唯一的措施，请先补充新的措施再撤销（一案一策）。");
            db.Remove(step);
            audit.Add(actor, "撤销包保措施", c.Petition.TrackingNo, before, null);
            await db.SaveChangesAsync(ct);
            return WorkflowResult.Done($"已撤销：{step.Text}");
        }
        var text = input.Text?.Trim() ?? "";
        if (text.Length == 0) return WorkflowResult.Invalid("每项措施都要写明做什么。");
        if (text.Length > 500) return WorkflowResult.Invalid("每项措施不超过 500 字。");
        if (input.TargetDate is not { } target) return WorkflowResult.Invalid($"请为措施「{text}」填写完成时限。");
        if (target < Today && target != step.TargetDate) return WorkflowResult.Invalid($"措施「{text}」的完成时限不能早于今天。");
        step.Text = text;
        step.TargetDate = target;
        audit.Add(actor, "修改包保措施", c.Petition.TrackingNo, before, new { step = text, targetDate = PetitionClock.Format(target) });
        await db.SaveChangesAsync(ct);
        return WorkflowResult.Done($"已修改：{text}");
    }

    /// <summary>
    /// 化解销号: a clerk or supervisor confirms the matter resolved, with a note of how. The case leaves the 7-day watch and
    /// the owner's open list; its plan and progress stay as they were.
    /// </summary>
    public async Task<WorkflowResult> CloseAsync(OfficeActor actor, long petitionId, string? note, CancellationToken ct)
    {
        if (!MayManage(actor)) return WorkflowResult.Forbidden;
        var c = await db.Set<OwnedCase>().Include(x => x.Petition).FirstOrDefaultAsync(x => x.PetitionId == petitionId, ct);
        if (c is null) return WorkflowResult.NotFound;
        if (c.ClosedOn is not null) return WorkflowResult.Done($"本案已于 {PetitionClock.Format(c.ClosedOn.Value)} 化解销号。");
        var text = note?.Trim() ?? "";
        if (text.Length == 0) return WorkflowResult.Invalid("请写明化解情况（如何解决、信访人是否息访）。");
        if (text.Length > 500) return WorkflowResult.Invalid("化解情况最多500字。");
        c.ClosedOn = Today;
        c.ClosedBy = actor.UserName;
        c.ClosingNote = text;
        audit.Add(actor, "包保销号", c.Petition.TrackingNo, null, new { note = Masking.MaskText(text) });
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Case of petition {TrackingNo} closed by office user {UserId}", c.Petition.TrackingNo, actor.UserId);
        return WorkflowResult.Done("已化解销号。");
    }

    // Progress and steps are the owner's own work: not even a clerk writes them in the owner's name.
    private async Task<(WorkflowOutcome, OwnedCase?, Petition?)> OwnCaseAsync(OfficeActor actor, long petitionId, CancellationToken ct)
    {
        var c = await db.Set<OwnedCase>().AsNoTracking().Include(x => x.Petition).FirstOrDefaultAsync(x => x.PetitionId == petitionId, ct);
        if (c is null) return (WorkflowOutcome.NotFound, null, null);
        return c.OwnerUserId == actor.UserId ? (WorkflowOutcome.Ok, c, c.Petition) : (WorkflowOutcome.Forbidden, null, null);
    }
}
