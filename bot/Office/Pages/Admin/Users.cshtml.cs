using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Units;

namespace PetitionBot.Bot.Office.Pages.Admin;

public sealed class UsersModel(OfficeAccounts accounts, PetitionDbContext db) : OfficePageModel
{
    public IReadOnlyList<OfficeUser> Users { get; private set; } = [];
    public IReadOnlyList<HandlingUnit> Units { get; private set; } = [];
    public IReadOnlyList<PetitionBot.Bot.Grid.GridArea> Grids { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(
        string userName, string displayName, OfficeRole role, long? unitId, string password, long? gridId, string? weComUserId,
        CancellationToken ct)
    {
        Error = await accounts.CreateUserAsync(Actor, userName ?? "", displayName ?? "", role, unitId, password ?? "", ct, gridId, weComUserId);
        if (Error is not null)
        {
            await LoadAsync(ct);
            return Page();
        }
        Flash = $"已新建用户 {userName}。";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostUpdateAsync(long id, OfficeRole role, long? unitId, bool active, string? newPassword, long? gridId,
        string? weComUserId, CancellationToken ct)
    {
        // The form always carries the field: empty means "not bound".
        Error = await accounts.UpdateUserAsync(Actor, id, role, unitId, active, newPassword, ct, gridId, weComUserId ?? "");
        if (Error is not null)
        {
            await LoadAsync(ct);
            return Page();
        }
        Flash = "已保存。";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Users = await db.Set<OfficeUser>().AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
        Units = await db.Set<HandlingUnit>().AsNoTracking().OrderBy(u => u.Name).ToListAsync(ct);
        Grids = await db.Set<PetitionBot.Bot.Grid.GridArea>().AsNoTracking().Where(g => g.Active).OrderBy(g => g.Name).ToListAsync(ct);
    }
}
