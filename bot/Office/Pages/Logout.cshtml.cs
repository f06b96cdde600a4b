using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PetitionBot.Bot.Office.Auth;

namespace PetitionBot.Bot.Office.Pages;

public sealed class LogoutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/office");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(OfficeAuth.Scheme);
        return Redirect("/office/login");
    }
}
