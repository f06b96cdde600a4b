using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Audit;

namespace PetitionBot.Bot.Office.Pages;

public sealed class AuditModel(PetitionDbContext db) : OfficePageModel
{
    [BindProperty(SupportsGet = true)] public string? Subject { get; set; }
    [BindProperty(SupportsGet = true)] public string? ActorName { get; set; }
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var q = db.Set<AuditEntry>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Subject)) q = q.Where(a => a.Subject == Subject.Trim());
        if (!string.IsNullOrWhiteSpace(ActorName)) q = q.Where(a => a.Actor == ActorName.Trim());
        Entries = await q.OrderByDescending(a => a.Id).Take(300).ToListAsync(ct);
    }
}
