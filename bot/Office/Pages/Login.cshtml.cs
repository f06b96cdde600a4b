using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Workflow;

namespace PetitionBot.Bot.Office.Pages;

public sealed class LoginModel(OfficeAccounts accounts, Microsoft.Extensions.Options.IOptions<OfficeOptions> options) : PageModel
{
    [BindProperty] public string UserName { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            Error = "请输入用户名和密码。";
            return Page();
        }
        switch (await accounts.SignInAsync(UserName, Password, ct))
        {
            case LoginResult.Success s:
                await HttpContext.SignInAsync(OfficeAuth.Scheme, OfficeAuth.CreatePrincipal(s.User));
                // Only local office addresses: no open redirect through ReturnUrl.
                return LocalRedirect(ReturnUrl is { } r && Url.IsLocalUrl(r) && r.StartsWith("/office", StringComparison.Ordinal) ? r : "/office");
            case LoginResult.LockedOut l:
                Error = $"连续 {options.Value.MaxFailedLogins} 次密码错误，账户已锁定 {(int)options.Value.LockoutDuration.TotalMinutes} 分钟，请于 {PetitionClock.ToChinaTime(l.UntilUtc):HH:mm} 后再试。";
                return Page();
            case LoginResult.Failed f:
                Error = f.Message;
                return Page();
            default:
                throw new InvalidOperationException("Unknown login result");
        }
    }
}
