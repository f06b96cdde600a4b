using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PetitionBot.Bot.Office.Auth;

namespace PetitionBot.Bot.Office.Pages;

public sealed class LogoutModel(OfficeAccounts accounts) : PageModel
{
    public IActionResult OnGet() => Redirect("/office");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Server side too: a copy of the cookie (another tab, a stolen one) stops working on every instance.
        if (long.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) await accounts.SignOutAsync(id, ct);
        await HttpContext.SignOutAsync(OfficeAuth.Scheme);
        return Redirect("/office/login");
    }
}
