using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Deadlines;
using PetitionBot.Bot.Office.Queue;
using PetitionBot.Bot.Office.Setup;
using PetitionBot.Bot.Office.Units;
using PetitionBot.Bot.Office.Workflow;

namespace PetitionBot.Bot.Office.Pages;

public sealed class IndexModel(PetitionQueue queue, PetitionDbContext db, FirstRunChecklist checklist, TimeProvider time)
    : OfficePageModel
{
    [BindProperty(SupportsGet = true)] public QueueFilter Filter { get; set; } = new();
    public QueuePage Result { get; private set; } = new([], 0, 1, PetitionQueue.PageSize);
    public IReadOnlyList<HandlingUnit> Units { get; private set; } = [];
    public IReadOnlyList<DeadlineAlert> Alerts { get; private set; } = [];
    /// <summary>The first-run steps, while any is left; empty once the office is set up.</summary>
    public IReadOnlyList<SetupStep> Setup { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Result = await queue.ListAsync(Filter, Actor, ct);
        Units = await db.Set<HandlingUnit>().AsNoTracking().OrderBy(u => u.Name).ToListAsync(ct);
        var steps = await checklist.CheckAsync(ct);
        Setup = steps.All(s => s.Done) ? [] : steps;
        if (Actor.Has(OfficeRole.Supervisor, OfficeRole.Leader))
        {
            Alerts = await db.Set<DeadlineAlert>().AsNoTracking().Where(a => a.AcknowledgedUtc == null)
                .OrderByDescending(a => a.Overdue).ThenBy(a => a.DueDate).Take(20).ToListAsync(ct);
        }
    }

    // 督办: a supervisor marks a notice as seen (the notice stays in the database).
    public async Task<IActionResult> OnPostAcknowledgeAsync(long id, CancellationToken ct)
    {
        if (!Actor.Has(OfficeRole.Supervisor, OfficeRole.Leader)) return Forbid();
        var alert = await db.Set<DeadlineAlert>().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (alert is { AcknowledgedUtc: null })
        {
            alert.AcknowledgedUtc = time.GetUtcNow().UtcDateTime;
            alert.AcknowledgedBy = Actor.UserName;
            await db.SaveChangesAsync(ct);
        }
        return RedirectToPage();
    }
}
