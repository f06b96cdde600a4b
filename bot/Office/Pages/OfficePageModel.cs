using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Workflow;

namespace PetitionBot.Bot.Office.Pages;

/// <summary>Base for office pages: the signed-in actor and the mapping of workflow outcomes to responses.</summary>
public abstract class OfficePageModel : PageModel
{
    public OfficeActor Actor => OfficeActor.Require(User);

    [TempData]
    public string? Flash { get; set; }

    [TempData]
    public string? FlashError { get; set; }

    /// <summary>Ok and Invalid return to the page with a message; the others are real HTTP answers.</summary>
    protected IActionResult Outcome(WorkflowResult result, Func<IActionResult> back)
    {
        switch (result.Outcome)
        {
            case WorkflowOutcome.NotFound: return NotFound();
            case WorkflowOutcome.Forbidden: return Forbid();
            case WorkflowOutcome.Ok: Flash = result.Message; break;
            default: FlashError = result.Message; break;
        }
        return back();
    }
}
