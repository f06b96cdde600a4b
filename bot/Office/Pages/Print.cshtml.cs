using Microsoft.AspNetCore.Mvc;
using PetitionBot.Bot.Office.Workflow;

namespace PetitionBot.Bot.Office.Pages;

public sealed class PrintModel(PetitionFile files, TimeProvider time) : OfficePageModel
{
    [FromRoute] public string TrackingNo { get; set; } = "";
    public PetitionFileData Data { get; private set; } = null!;
    public DateTime Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var file = await files.LoadAsync(TrackingNo, Actor, ct);
        if (file is null) return NotFound();
        if (!Actor.CanSee(file.Petition)) return Forbid();
        Data = file;
        Now = time.GetUtcNow().UtcDateTime;
        return Page();
    }
}
