using Microsoft.AspNetCore.Mvc;
using PetitionBot.Bot.Grid;

namespace PetitionBot.Bot.Office.Pages.Grid;

/// <summary>Recording a dispute found in screening.</summary>
public sealed class NewModel(DisputeLedger ledger) : OfficePageModel
{
    [BindProperty] public string? Parties { get; set; }
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public DisputeRisk? Risk { get; set; }
    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public string? Actions { get; set; }
    [BindProperty] public DateOnly? NextFollowUp { get; set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // A date the browser could not parse arrives as a model error, not as null: say so rather than "missing".
        if (!ModelState.IsValid)
        {
            Error = "日期或风险等级的格式不对，请重新选择。";
            return Page();
        }
        var (result, id) = await ledger.RecordAsync(Actor, new DisputeInput(Parties, Place, Kind, Risk, Summary, Actions, NextFollowUp), ct);
        if (!result.Ok)
        {
            if (result.Outcome == Workflow.WorkflowOutcome.Forbidden) return Forbid();
            Error = result.Message;
            return Page();
        }
        Flash = result.Message;
        return Redirect($"/office/grid/disputes/{id}");
    }
}
