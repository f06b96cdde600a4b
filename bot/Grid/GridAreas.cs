using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Audit;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Units;

namespace PetitionBot.Bot.Grid;

/// <summary>The administrator's side of grids: create and edit them (each in a unit); grid workers are bound in 用户管理.</summary>
public sealed class GridAreas(PetitionDbContext db, AuditLog audit)
{
    public sealed record GridListItem(long Id, string Name, string Code, long UnitId, string Unit, bool Active, int Workers);

    public async Task<IReadOnlyList<GridListItem>> ListAsync(CancellationToken ct)
    {
        var workers = await db.Set<OfficeUser>().AsNoTracking().Where(u => u.GridId != null && u.Active)
            .GroupBy(u => u.GridId).Select(g => new { Id = g.Key!.Value, Count = g.Count() }).ToListAsync(ct);
        var grids = await (from g in db.Set<GridArea>().AsNoTracking()
                           join u in db.Set<HandlingUnit>().AsNoTracking() on g.UnitId equals u.Id
                           orderby u.Name, g.Name
                           select new { g.Id, g.Name, g.Code, g.UnitId, Unit = u.Name, g.Active }).ToListAsync(ct);
        return grids.Select(g => new GridListItem(g.Id, g.Name, g.Code, g.UnitId, g.Unit, g.Active,
            workers.FirstOrDefault(w => w.Id == g.Id)?.Count ?? 0)).ToList();
    }

    /// <summary>Creates (id null) or changes a grid; the error in words, or null.</summary>
    public async Task<(string? Error, long? Id)> SaveAsync(OfficeActor actor, long? id, string? name, string? code, long? unitId, bool active, CancellationToken ct)
    {
        name = name?.Trim();
        code = code?.Trim();
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(code)) return ("请填写网格名称和代码。", null);
        if (name.Length > 100 || code.Length > 40) return ("网格名称最多 100 个字，代码最多 40 个字符。", null);
        if (unitId is not { } unit || !await db.Set<HandlingUnit>().AnyAsync(u => u.Id == unit, ct)) return ("请选择网格所属的单位。", null);
        if (await db.Set<GridArea>().AnyAsync(g => g.Id != id && (g.Code == code || (g.UnitId == unit && g.Name == name)), ct))
            return ("网格代码已存在，或该单位已有同名网格。", null);
        var grid = id is { } existing ? await db.Set<GridArea>().SingleOrDefaultAsync(g => g.Id == existing, ct) : null;
        if (id is not null && grid is null) return ("网格不存在。", null);
        var before = grid is null ? null : new { grid.Name, grid.Code, grid.UnitId, grid.Active };
        if (grid is null)
        {
            grid = new GridArea { Name = name, Code = code, UnitId = unit };
            db.Add(grid);
            active = true;
        }
        grid.Name = name;
        grid.Code = code;
        grid.UnitId = unit;
        grid.Active = active;
        audit.Add(actor, before is null ? "新建网格" : "修改网格", $"grid:{code}", before, new { grid.Name, grid.Code, grid.UnitId, grid.Active });
        await db.SaveChangesAsync(ct);
        return (null, grid.Id);
    }
}
