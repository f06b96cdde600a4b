using Microsoft.AspNetCore.Mvc;
using PetitionBot.Bot.CaseOwnership;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Workflow;

namespace PetitionBot.Bot.Office.Pages.Cases;

/// <summary>One petition's 包保: the clerk marks and assigns with a plan; the owner ticks steps and records progress.</summary>
public sealed class CaseDetailModel(OwnedCases cases) : OfficePageModel
{
    /// <summary>Empty rows of the plan form: enough for a plan, more can be added later.</summary>
    public const int PlanRows = 5;

    [FromRoute] public long PetitionId { get; set; }

    public CaseView View { get; private set; } = null!;
    public IReadOnlyList<OfficeUser> Leaders { get; private set; } = [];
    public bool MayManage => OwnedCases.MayManage(Actor);
    public DateOnly Today => cases.Today;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var (outcome, view) = await cases.FindAsync(Actor, PetitionId, ct);
        if (outcome == WorkflowOutcome.NotFound) return NotFound();
        if (outcome == WorkflowOutcome.Forbidden) return Forbid();
        View = view!;
        if (MayManage) Leaders = await cases.LeadersAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostGovernanceAsync(CancellationToken ct) =>
        Outcome(await cases.MarkGovernanceAsync(Actor, PetitionId, ct), Back);

    public async Task<IActionResult> OnPostAssignAsync(string? owner, List<PlanStepInput>? plan, CancellationToken ct) =>
        Outcome(await cases.AssignAsync(Actor, PetitionId, new CaseAssignment(owner, plan), ct), Back);

    public async Task<IActionResult> OnPostProgressAsync(string? text, DateOnly? date, CancellationToken ct) =>
        Outcome((await cases.RecordProgressAsync(Actor, PetitionId, new ProgressInput(text, date), ct)).Result, Back);

    public async Task<IActionResult> OnPostStepAsync(long stepId, CancellationToken ct) =>
        Outcome(await cases.CompleteStepAsync(Actor, PetitionId, stepId, ct), Back);

    public async Task<IActionResult> OnPostReviseStepAsync(long stepId, string? text, DateOnly? targetDate, bool withdraw, CancellationToken ct) =>
        Outcome(await cases.ReviseStepAsync(Actor, PetitionId, stepId, withdraw ? null : new PlanStepInput(text, targetDate), ct), Back);

    public async Task<IActionResult> OnPostCloseAsync(string? note, CancellationToken ct) =>
        Outcome(await cases.CloseAsync(Actor, PetitionId, note, ct), Back);

    private IActionResult Back() => Redirect($"/office/cases/{PetitionId}");
}
