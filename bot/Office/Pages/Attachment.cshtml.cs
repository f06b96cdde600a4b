using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Petitions;

namespace PetitionBot.Bot.Office.Pages;

/// <summary>A scanned letter or material, to whoever may open its petition; the office folder's policy keeps everyone else out.</summary>
public sealed class AttachmentModel(PetitionDbContext db) : OfficePageModel
{
    [FromRoute] public string TrackingNo { get; set; } = "";
    [FromRoute] public long Id { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var petition = await db.Petitions.AsNoTracking().SingleOrDefaultAsync(p => p.TrackingNo == TrackingNo, ct);
        if (petition is null) return NotFound();
        if (!Actor.CanSee(petition) && !await Handoff.HandoffInbox.TookPartAsync(db, Actor, TrackingNo, ct)
            && !await PetitionBot.Bot.Grid.DisputeFilings.FiledFromGridAsync(db, Actor, TrackingNo, ct)) return Forbid();
        var file = await db.Set<PetitionAttachment>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == Id && a.PetitionId == petition.Id, ct);
        if (file is null) return NotFound();
        // The type was decided from the file's own bytes. Images are shown in a sandbox; a PDF is downloaded rather than
        // opened under the office's origin.
        Response.Headers.ContentSecurityPolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";
        var disposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue(AttachmentKinds.IsImage(file.ContentType) ? "inline" : "attachment");
        disposition.SetHttpFileName(file.FileName);
        Response.Headers.ContentDisposition = disposition.ToString();
        return File(file.Content, file.ContentType);
    }
}
