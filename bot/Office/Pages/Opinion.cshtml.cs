using Microsoft.AspNetCore.Mvc;
using PetitionBot.Bot.Office.Workflow;

namespace PetitionBot.Bot.Office.Pages;

public sealed class OpinionModel(PetitionFile files) : OfficePageModel
{
    [FromRoute] public string TrackingNo { get; set; } = "";
    [FromRoute] public long Id { get; set; }
    public PetitionFileData Data { get; private set; } = null!;
    public HandlingOpinion Opinion { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var file = await files.LoadAsync(TrackingNo, Actor, ct);
        if (file is null) return NotFound();
        if (!Actor.CanSee(file.Petition)) return Forbid();
        var opinion = file.Opinions.FirstOrDefault(o => o.Id == Id);
        if (opinion is null) return NotFound();
        Data = file;
        Opinion = opinion;
        return Page();
    }
}
