using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Auth;

namespace PetitionBot.Bot.Office.Pages;

public sealed class PasswordModel(OfficeAccounts accounts, PetitionDbContext db) : OfficePageModel
{
    [BindProperty] public string Current { get; set; } = "";
    [BindProperty] public string Next { get; set; } = "";
    [BindProperty] public string Confirm { get; set; } = "";
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Next != Confirm)
        {
            Error = "两次输入的新密码不一致。";
            return Page();
        }
        Error = await accounts.ChangeOwnPasswordAsync(Actor, Current, Next, ct);
        if (Error is not null) return Page();
        // The stamp changed: sign in again with a fresh cookie so this session continues.
        var user = await db.Set<OfficeUser>().AsNoTracking().SingleAsync(u => u.Id == Actor.UserId, ct);
        await HttpContext.SignInAsync(OfficeAuth.Scheme, OfficeAuth.CreatePrincipal(user));
        Flash = "密码已修改。";
        return Redirect("/office");
    }
}
