using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Grid;
using PetitionBot.Bot.Office.Units;

namespace PetitionBot.Bot.Office.Pages.Admin;

public sealed class GridsModel(GridAreas grids, PetitionDbContext db) : OfficePageModel
{
    public IReadOnlyList<GridAreas.GridListItem> Grids { get; private set; } = [];
    public IReadOnlyList<HandlingUnit> Units { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Grids = await grids.ListAsync(ct);
        Units = await db.Set<HandlingUnit>().AsNoTracking().Where(u => u.Active).OrderBy(u => u.Name).ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostSaveAsync(long? id, string? name, string? code, long? unitId, bool active, CancellationToken ct)
    {
        (Error, _) = await grids.SaveAsync(Actor, id, name, code, unitId, active, ct);
        if (Error is not null)
        {
            await OnGetAsync(ct);
            return Page();
        }
        Flash = $"已保存网格 {name?.Trim()}。";
        return RedirectToPage();
    }
}
