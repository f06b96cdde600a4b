using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using PetitionBot.Bot.Grid;
using PetitionBot.Bot.Office.Audit;
using PetitionBot.Bot.Office.Workflow;
using PetitionBot.Knowledge;

namespace PetitionBot.Bot.Office.Pages.Grid;

/// <summary>One ledger line: its steps, 代为登记 with the citizen's confirmation, and its history.</summary>
public sealed class DisputeModel(DisputeLedger ledger, DisputeFilings filings) : OfficePageModel
{
    [FromRoute] public long Id { get; set; }

    public Dispute D { get; private set; } = null!;
    public FilingView? Filing { get; private set; }
    public IReadOnlyList<AuditEntry> History { get; private set; } = [];
    public DateOnly Today => ledger.Today;
    public string? Error { get; private set; }
    [BindProperty] public OnBehalfForm Form { get; set; } = new();

    public IReadOnlyList<string> Routes { get; private set; } = [];

    public static string? Note(AuditEntry e)
    {
        if (e.After is null) return null;
        using var json = JsonDocument.Parse(e.After);
        var after = json.RootElement;
        var parts = new List<string>();
        if (after.TryGetProperty("status", out var s) && s.GetString() is { } status) parts.Add(status);
        if (after.TryGetProperty("nextFollowUp", out var n) && n.GetString() is { } next) parts.Add("下次跟进 " + next);
        if (after.TryGetProperty("resolution", out var r) && r.GetString() is { } how && e.Action == "更新台账") parts.Add("化解方式：" + how);
        if (after.TryGetProperty("route", out var ro) && ro.GetString() is { } route && e.Action == "更新台账") parts.Add("途径：" + route);
        if (after.TryGetProperty("petitionTrackingNo", out var p) && p.GetString() is { } no) parts.Add("信访事项 " + no);
        if (after.TryGetProperty("note", out var note) && note.GetString() is { } text) parts.Add(text);
        return parts.Count == 0 ? null : string.Join("；", parts.Distinct());
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostStepAsync(DisputeStatus? status, string? actions, DateOnly? nextFollowUp, string? resolution,
        string? route, int? version, CancellationToken ct)
    {
        var result = await ledger.StepAsync(Actor, Id, new DisputeStep(version, status, actions, nextFollowUp, resolution, route), ct);
        return Outcome(result, () => Redirect($"/office/grid/disputes/{Id}"));
    }

    public async Task<IActionResult> OnPostPrepareAsync(CancellationToken ct)
    {
        var (result, code) = await filings.PrepareAsync(Actor, Id, Form, ct);
        if (result.Outcome == WorkflowOutcome.Invalid)
        {
            // Back to the filled-in form with the reason, not to an empty one.
            Error = result.Message;
            return await ShowAsync(ct, keepForm: true) ?? Page();
        }
        if (result.Ok) result = WorkflowResult.Done($"已生成确认码 {code}。请把确认码告诉当事人，由其本人在信访助手对话中发送确认码并核对提交。");
        return Outcome(result, () => Redirect($"/office/grid/disputes/{Id}"));
    }

    public async Task<IActionResult> OnPostPaperAsync(CancellationToken ct)
    {
        var (result, _) = await filings.FileOnPaperAsync(Actor, Id, ct);
        return Outcome(result, () => Redirect($"/office/grid/disputes/{Id}"));
    }

    private async Task<IActionResult?> ShowAsync(CancellationToken ct, bool keepForm = false)
    {
        var (outcome, d) = await ledger.FindAsync(Actor, Id, ct);
        if (outcome == WorkflowOutcome.NotFound) return NotFound();
        if (outcome == WorkflowOutcome.Forbidden) return Forbid();
        D = d!;
        Filing = await filings.ViewAsync(Id, ct);
        History = await ledger.HistoryAsync(Id, ct);
        Routes = (await ledger.RoutesAsync(ct)).Select(r => r.Name).ToList();
        // The form starts from what the ledger already says; the worker completes it with the citizen.
        if (!keepForm) Form = new OnBehalfForm { FactsAndReasons = D.Summary, PeopleCount = 1 };
        return null;
    }
}
