using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Workflow;
using PetitionBot.Bot.Petitions.Clock;

namespace PetitionBot.Bot.Office.Pages;

public sealed class LoginModel(
    OfficeAccounts accounts, SignInThrottle throttle, Microsoft.Extensions.Options.IOptions<OfficeOptions> options,
    Microsoft.Extensions.Options.IOptions<Channels.WeChat.WeComOptions> weCom) : PageModel
{
    /// <summary>Offer 企业微信登录 when the WeCom app can vouch for its members.</summary>
    public bool WeComSignInEnabled => weCom.Value.AppEnabled;

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
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        using var lease = throttle.Limiter.AttemptAcquire(address);
        if (!lease.IsAcquired)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = "60";
            Error = "登录尝试过于频繁，请一分钟后再试。";
            return Page();
        }
        switch (await accounts.SignInAsync(UserName, Password, address, ct))
        {
            case LoginResult.Success s:
                await HttpContext.SignInAsync(OfficeAuth.Scheme, OfficeAuth.CreatePrincipal(s.User));
                // Only local office addresses: no open redirect through ReturnUrl.
                return LocalRedirect(ReturnUrl is { } r && Url.IsLocalUrl(r) && r.StartsWith("/office", StringComparison.Ordinal) ? r
                    : OfficeAuth.HomeOf(s.User.Role));
            case LoginResult.LockedOut l:
                Error = $"登录失败次数过多，请于 {ChinaTime.ToLocal(l.UntilUtc):HH:mm} 后再试（{(int)options.Value.LockoutDuration.TotalMinutes} 分钟）。";
                return Page();
            case LoginResult.Failed f:
                Error = f.Message;
                return Page();
            default:
                throw new InvalidOperationException("Unknown login result");
        }
    }
}
