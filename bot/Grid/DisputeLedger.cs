using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Audit;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Workflow;
using PetitionBot.Bot.Petitions.Clock;
using PetitionBot.Knowledge;
using PetitionBot.Knowledge.Answers;

namespace PetitionBot.Bot.Grid;

/// <summary>What a grid worker types when recording a dispute found in screening.</summary>
public sealed record DisputeInput(
    string? Parties, string? Place, string? Kind, DisputeRisk? Risk, string? Summary, string? Actions, DateOnly? NextFollowUp);

/// <summary>
/// A step on a ledger line: 调解中 (with what was done and the next follow-up), 已化解 (with how), 转诉讼/仲裁 (with the
/// route), or only a follow-up note with a new date (Status left as it is).
/// </summary>
public sealed record DisputeStep(int? Version, DisputeStatus? Status, string? Actions, DateOnly? NextFollowUp, string? Resolution, string? Route);

/// <summary>A ledger line as the worker's list shows it.</summary>
public sealed record DisputeRow(
    long Id, string Parties, string Place, string Kind, string Risk, string Status, string? NextFollowUp, bool FollowUpDue,
    string FoundOn, string? PetitionTrackingNo, string? Actions);

/// <summary>
/// 矛盾纠纷排查台账 of one grid. A grid worker sees and changes only their own grid's lines; every step is audited
/// (subject "dispute:{id}") in the same unit of work as the change.
/// </summary>
public sealed class DisputeLedger(PetitionDbContext db, AuditLog audit, TimeProvider time, IKnowledgeBase knowledge, ILogger<DisputeLedger> logger)
{
    /// <summary>
    /// The routes a dispute can go on to (诉讼、仲裁 …): the knowledge base's catalogue by name, 信访 itself aside. Empty
    /// while the index is still opening after a start (it comes with the index), after waiting a few seconds for it.
    /// </summary>
    public async Task<IReadOnlyList<RouteSuggestion>> RoutesAsync(CancellationToken ct)
    {
        await knowledge.WhenReadyAsync(TimeSpan.FromSeconds(10), ct);
        return knowledge.Routes.Where(r => r.Id != "petition").ToList();
    }

    /// <summary>
    /// The catalogue's name for a route given by id, by name or by the name's short form (「民事诉讼」 for
    /// 「民事诉讼（向人民法院起诉）」), so the dashboard and the ledger count one route under one name; null if none.
    /// </summary>
    public static string? RouteName(IReadOnlyList<RouteSuggestion> routes, string? given)
    {
        var g = given?.Trim();
        if (string.IsNullOrEmpty(g)) return null;
        return routes.FirstOrDefault(r => r.Name == g || r.Name.Split('（')[0] == g || r.Id == g)?.Name;
    }

    public static string Subject(long id) => $"dispute:{id}";

    public DateOnly Today => ChinaTime.Today(time);

    /// <summary>Lines whose follow-up date has come (today or earlier) and that are not finished: the nav badge.</summary>
    public Task<int> DueCountAsync(OfficeActor actor, CancellationToken ct)
    {
        if (actor.GridId is not { } grid) return Task.FromResult(0);
        var today = Today;
        return Due(db.Set<Dispute>().Where(d => d.GridId == grid), today).CountAsync(ct);
    }

    /// <summary>Due follow-ups: the badge and the WeCom reminders count the same lines.</summary>
    internal static IQueryable<Dispute> Due(IQueryable<Dispute> q, DateOnly today) =>
        q.Where(d => d.NextFollowUp != null && d.NextFollowUp <= today
            && d.Status != DisputeStatus.Resolved && d.Status != DisputeStatus.ToPetition && d.Status != DisputeStatus.ToLitigation);

    /// <summary>The grid's lines: due follow-ups first, then open lines by their next date, then the finished ones.</summary>
    public async Task<IReadOnlyList<DisputeRow>> ListAsync(OfficeActor actor, CancellationToken ct)
    {
        if (actor.GridId is not { } grid) return [];
        var today = Today;
        var rows = await db.Set<Dispute>().AsNoTracking().Where(d => d.GridId == grid)
            .OrderByDescending(d => d.Id).Take(500).ToListAsync(ct);
        return rows
            .OrderBy(d => DisputeLabels.IsFinished(d.Status) ? 2 : IsDue(d, today) ? 0 : 1)
            .ThenBy(d => d.NextFollowUp ?? DateOnly.MaxValue)
            .ThenByDescending(d => d.Id)
            .Select(d => ToRow(d, today)).ToList();
    }

    public static bool IsDue(Dispute d, DateOnly today) =>
        !DisputeLabels.IsFinished(d.Status) && d.NextFollowUp is { } next && next <= today;

    public static DisputeRow ToRow(Dispute d, DateOnly today) => new(
        d.Id, d.Parties, d.Place, d.Kind, DisputeLabels.Label(d.Risk), DisputeLabels.Label(d.Status),
        d.NextFollowUp is { } n ? PetitionClock.Format(n) : null, IsDue(d, today), PetitionClock.Format(d.FoundOn),
        d.PetitionTrackingNo, d.Actions);

    /// <summary>The line if it is in the worker's grid; Forbidden for another grid's line, NotFound when there is none.</summary>
    public async Task<(WorkflowOutcome Outcome, Dispute? Dispute)> FindAsync(OfficeActor actor, long id, CancellationToken ct)
    {
        var d = await db.Set<Dispute>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (d is null) return (WorkflowOutcome.NotFound, null);
        return d.GridId == actor.GridId ? (WorkflowOutcome.Ok, d) : (WorkflowOutcome.Forbidden, null);
    }

    /// <summary>The line's history from the audit log, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> HistoryAsync(long id, CancellationToken ct)
    {
        var subject = Subject(id);
        return await db.Set<AuditEntry>().AsNoTracking().Where(a => a.Subject == subject).OrderBy(a => a.Id).ToListAsync(ct);
    }

    public async Task<(WorkflowResult Result, long? Id)> RecordAsync(OfficeActor actor, DisputeInput input, CancellationToken ct)
    {
        if (actor.GridId is not { } grid) return (WorkflowResult.Forbidden, null);
        var today = Today;
        var error = Required(input.Parties, "当事人", 200) ?? Required(input.Place, "发生地点", 200)
            ?? (input.Kind is { } k && DisputeLabels.Kinds.Contains(k.Trim()) ? null : "请选择纠纷类型。")
            ?? (input.Risk is { } r && Enum.IsDefined(r) ? null : "请选择风险等级（一般、较大、重大）。")
            ?? Required(input.Summary, "简要情况", 2000) ?? Optional(input.Actions, "已采取的措施", 2000)
            ?? FollowUpDate(input.NextFollowUp, today, required: false);
        if (error is not null) return (WorkflowResult.Invalid(error), null);

        var now = time.GetUtcNow().UtcDateTime;
        var d = new Dispute
        {
            GridId = grid,
            Parties = input.Parties!.Trim(),
            Place = input.Place!.Trim(),
            Kind = input.Kind!.Trim(),
            Risk = input.Risk!.Value,
            Summary = input.Summary!.Trim(),
            Actions = Clean(input.Actions),
            NextFollowUp = input.NextFollowUp,
            FoundOn = today,
            CreatedUtc = now,
            UpdatedUtc = now,
            RecordedBy = actor.UserName,
        };
        db.Add(d);
        await db.SaveChangesAsync(ct);
        // The id is known only after the insert; the audit row follows in the same request.
        audit.Add(actor, "排查登记", Subject(d.Id), null, Snapshot(d));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Dispute {DisputeId} recorded in grid {GridId} by office user {UserId} (risk {Risk})", d.Id, grid, actor.UserId, d.Risk);
        return (WorkflowResult.Done("已登记到排查台账。"), d.Id);
    }

    public async Task<WorkflowResult> StepAsync(OfficeActor actor, long id, DisputeStep step, CancellationToken ct)
    {
        var d = await db.Set<Dispute>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (d is null) return WorkflowResult.NotFound with { Message = "未找到该台账记录。" };
        if (d.GridId != actor.GridId) return WorkflowResult.Forbidden;
        if (step.Version is { } v && v != d.Version) return WorkflowResult.Conflict with { Message = "该记录已被更新，请刷新页面后重试。" };
        if (DisputeLabels.IsFinished(d.Status)) return WorkflowResult.Invalid($"该纠纷已{DisputeLabels.Label(d.Status)}，不能再更新。");
        var today = Today;
        var status = step.Status ?? d.Status;
        IReadOnlyList<RouteSuggestion> routes = status == DisputeStatus.ToLitigation ? await RoutesAsync(ct) : [];
        var error = status switch
        {
            DisputeStatus.ToPetition => "转信访请使用“代为登记”：由当事人确认后登记为信访事项。",
            DisputeStatus.Resolved => Required(step.Resolution, "化解方式", 500),
            DisputeStatus.ToLitigation => Required(step.Route, "转入的途径（诉讼或仲裁）", 100)
                ?? (routes.Count == 0 ? "途径目录正在加载，请稍后再提交。"
                    : RouteName(routes, step.Route) is null ? $"转入的途径请从以下选择：{string.Join("、", routes.Select(r => r.Name))}。" : null),
            _ => null,
        } ?? Optional(step.Actions, "已采取的措施", 2000)
          ?? (DisputeLabels.IsFinished(status) ? null : FollowUpDate(step.NextFollowUp, today, required: true));
        if (error is not null) return WorkflowResult.Invalid(error);

        var before = Snapshot(d);
        d.Status = status;
        if (Clean(step.Actions) is { } actions) d.Actions = actions;
        d.NextFollowUp = DisputeLabels.IsFinished(status) ? null : step.NextFollowUp;
        if (status == DisputeStatus.Resolved) d.Resolution = step.Resolution!.Trim();
        if (status == DisputeStatus.ToLitigation) d.Route = RouteName(routes, step.Route);
        d.UpdatedUtc = time.GetUtcNow().UtcDateTime;
        d.Version++;
        audit.Add(actor, "更新台账", Subject(d.Id), before, Snapshot(d) with { Note = Clean(step.Actions) });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return WorkflowResult.Conflict with { Message = "该记录已被更新，请刷新页面后重试。" };
        }
        logger.LogInformation("Dispute {DisputeId}: {Status} by office user {UserId}", d.Id, d.Status, actor.UserId);
        return WorkflowResult.Done($"已更新：{DisputeLabels.Label(d.Status)}。");
    }

    internal sealed record LineSnapshot(string Status, string Risk, string? NextFollowUp, string? Resolution, string? Route, string? PetitionTrackingNo)
    {
        public string? Note { get; init; }
    }

    // Parties and the summary stay out of the audit row: it is read by supervisors of the whole bureau.
    internal static LineSnapshot Snapshot(Dispute d) => new(DisputeLabels.Label(d.Status), DisputeLabels.Label(d.Risk),
        d.NextFollowUp is { } n ? PetitionClock.Format(n) : null, d.Resolution, d.Route, d.PetitionTrackingNo);

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string? Required(string? value, string label, int max) =>
        string.IsNullOrWhiteSpace(value) ? $"请填写{label}。" : value.Trim().Length > max ? $"{label}最多 {max} 个字。" : null;

    private static string? Optional(string? value, string label, int max) =>
        (value?.Trim().Length ?? 0) > max ? $"{label}最多 {max} 个字。" : null;

    private static string? FollowUpDate(DateOnly? date, DateOnly today, bool required) => date switch
    {
        null when required => "请填写下次跟进日期。",
        { } d when d < today => $"下次跟进日期不能早于今天（{PetitionClock.Format(today)}）。",
        { } d when d > today.AddYears(1) => "下次跟进日期请在一年以内。",
        _ => null,
    };
}
