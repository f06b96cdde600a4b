using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Bureau;
using PetitionBot.Bot.Office.Workflow;

namespace PetitionBot.Bot.Office.Pages;

/// <summary>
/// 登记回执: handed to a citizen whose letter, visit or call was registered in the office, with the tracking number they
/// look the petition up by (the chat's petitioners get theirs in the chat).
/// </summary>
public sealed class ReceiptModel(PetitionFile files, TimeProvider time, IOptions<BureauOptions> bureau) : OfficePageModel
{
    [FromRoute] public string TrackingNo { get; set; } = "";
    public PetitionFileData Data { get; private set; } = null!;
    public DateTime Now { get; private set; }
    public BureauOptions Bureau => bureau.Value;

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
