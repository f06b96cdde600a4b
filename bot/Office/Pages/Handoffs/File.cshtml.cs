using Microsoft.AspNetCore.Mvc;
using PetitionBot.Bot.Handoff;

namespace PetitionBot.Bot.Office.Pages.Handoffs;

/// <summary>登记 a petition from a hand-off, the form pre-filled from the chat.</summary>
public sealed class HandoffFileModel(HandoffFiling filing) : OfficePageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }

    [BindProperty] public HandoffPetitionForm Form { get; set; } = new();

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var draft = await filing.DraftAsync(Id, ct);
        if (draft is null) return NotFound();
        Form = draft;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (result, trackingNo) = await filing.FileAsync(Id, Actor, Form, ct);
        if (result.Step == HandoffStep.NotFound) return NotFound();
        if (trackingNo is null)
        {
            Error = result.Message;
            return Page();
        }
        Flash = result.Message;
        return Redirect($"/office/petitions/{Uri.EscapeDataString(trackingNo)}");
    }
}
