using Microsoft.AspNetCore.Mvc;
using PetitionBot.Bot.Office.Workflow;

namespace PetitionBot.Bot.Office.Pages;

/// <summary>登记表 to print: the whole petition as the office holds it.</summary>
public sealed class PrintModel(PetitionFile files, TimeProvider time) : PrintedPetitionModel(files, time);

/// <summary>A paper about one petition (登记表, 登记回执), for whoever may see the petition, dated when printed.</summary>
public abstract class PrintedPetitionModel(PetitionFile files, TimeProvider time) : OfficePageModel
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
