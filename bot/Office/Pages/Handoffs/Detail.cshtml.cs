using Microsoft.AspNetCore.Mvc;
using PetitionBot.Bot.Handoff;

namespace PetitionBot.Bot.Office.Pages.Handoffs;

/// <summary>One hand-off: the masked chat so far, take it, reply in a box, hand it back to the bot.</summary>
public sealed class HandoffDetailModel(HandoffInbox inbox, TimeProvider time) : OfficePageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }

    public HandoffView? View { get; private set; }

    public string Waited => HandoffPage.Waited((View!.Case.ClosedUtc ?? time.GetUtcNow().UtcDateTime) - View.Case.RequestedUtc);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        View = await inbox.FindAsync(Id, ct);
        return View is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostTakeAsync(CancellationToken ct) => Back(await inbox.TakeAsync(Id, Actor, ct));

    public async Task<IActionResult> OnPostReplyAsync(string? text, CancellationToken ct) => Back(await inbox.ReplyAsync(Id, Actor, text, ct));

    public async Task<IActionResult> OnPostCloseAsync(CancellationToken ct)
    {
        var result = await inbox.CloseAsync(Id, Actor, ct);
        if (!result.Ok) return Back(result);
        Flash = result.Message;
        return Redirect("/office/handoffs");
    }

    private IActionResult Back(HandoffResult result)
    {
        if (result.Step == HandoffStep.NotFound) return NotFound();
        if (result.Ok) Flash = result.Message;
        else FlashError = result.Message;
        return Redirect($"/office/handoffs/{Id}");
    }
}
