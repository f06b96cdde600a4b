using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Audit;
using PetitionBot.Bot.Office.Units;

namespace PetitionBot.Bot.Office.Pages.Admin;

public sealed class UnitsModel(PetitionDbContext db, AuditLog audit) : OfficePageModel
{
    public IReadOnlyList<HandlingUnit> Units { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Units = await db.Set<HandlingUnit>().AsNoTracking().OrderBy(u => u.Name).ToListAsync(ct);

    public async Task<IActionResult> OnPostSaveAsync(long? id, string? name, string? code, string? headName, bool politicalLegal, bool active, CancellationToken ct)
    {
        name = name?.Trim();
        code = code?.Trim();
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(code)) Error = "请填写单位名称和代码。";
        else if (await db.Set<HandlingUnit>().AnyAsync(u => u.Id != id && (u.Name == name || u.Code == code), ct)) Error = "单位名称或代码已存在。";
        if (Error is not null)
        {
            await OnGetAsync(ct);
            return Page();
        }

        var unit = id is { } existing ? await db.Set<HandlingUnit>().SingleOrDefaultAsync(u => u.Id == existing, ct) : null;
        if (id is not null && unit is null) return NotFound();
        var before = unit is null ? null : new { unit.Name, unit.Code, unit.HeadName, unit.IsPoliticalLegal, unit.Active };
        if (unit is null)
        {
            unit = new HandlingUnit { Name = name!, Code = code! };
            db.Add(unit);
            active = true;
        }
        unit.Name = name!;
        unit.Code = code!;
        unit.HeadName = string.IsNullOrWhiteSpace(headName) ? null : headName.Trim();
        unit.IsPoliticalLegal = politicalLegal;
        unit.Active = active;
        audit.Add(Actor, before is null ? "新建单位" : "修改单位", $"unit:{code}", before, new { unit.Name, unit.Code, unit.HeadName, unit.IsPoliticalLegal, unit.Active });
        await db.SaveChangesAsync(ct);
        Flash = $"已保存单位 {name}。";
        return RedirectToPage();
    }
}
