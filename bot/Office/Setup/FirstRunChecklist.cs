using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Units;

namespace PetitionBot.Bot.Office.Setup;

/// <summary>One thing a new office must set up before it can work, and whether it has.</summary>
public sealed record SetupStep(string Id, string Title, string Why, string Link, bool Done);

/// <summary>
/// The office's first day: without units nothing can be 转送/交办, without a 政法机关 unit 涉法涉诉 items cannot go where
/// 第二十二条 sends them, and without clerks the administrator registers everything alone. Read from the data itself,
/// so the list disappears once all is done and comes back if, say, the last 政法机关 unit is deactivated.
/// </summary>
public sealed class FirstRunChecklist(PetitionDbContext db)
{
    public async Task<IReadOnlyList<SetupStep>> CheckAsync(CancellationToken ct)
    {
        var units = db.Set<HandlingUnit>().AsNoTracking().Where(u => u.Active);
        var hasUnit = await units.AnyAsync(u => !u.IsPoliticalLegal, ct);
        var hasPoliticalLegal = await units.AnyAsync(u => u.IsPoliticalLegal, ct);
        var hasClerk = await db.Set<OfficeUser>().AsNoTracking().AnyAsync(u => u.Active && u.Role == OfficeRole.Registrar, ct);
        return
        [
            new("units", "建立办理单位", "转送、交办时从中选择有权处理的机关、单位（如区人社局、区住建局）。", "/office/admin/units", hasUnit),
            new("political-legal", "建立政法机关单位（涉法涉诉）", "涉法涉诉事项依照《信访工作条例》第二十二条转送同级政法部门；新建单位时勾选“政法机关”。", "/office/admin/units", hasPoliticalLegal),
            new("clerks", "为登记员建立账户", "登记员受理、转送、答复信访事项；管理员账户只用于管理。", "/office/admin/users", hasClerk),
        ];
    }
}
