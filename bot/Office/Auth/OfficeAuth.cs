using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Office.Auth;

/// <summary>The office's own cookie scheme and its policies; other features keep their own schemes.</summary>
public static class OfficeAuth
{
    public const string Scheme = "Office";
    public const string DisplayNameClaim = "office:display";
    public const string UnitClaim = "office:unit";
    public const string GridClaim = "office:grid";
    public const string StampClaim = "office:stamp";

    /// <summary>Any office user.</summary>
    public const string StaffPolicy = "OfficeStaff";
    /// <summary>管理员: users, units, WeChat QR and menu administration.</summary>
    public const string AdminPolicy = "OfficeAdmin";
    /// <summary>督办, 领导, 管理员: audit log, supervision.</summary>
    public const string SupervisorPolicy = "OfficeSupervisor";
    /// <summary>Everyone but 值班律师 and 网格员: the petition queue, dashboard and exports.</summary>
    public const string DeskPolicy = "OfficeDesk";
    /// <summary>值班律师, 登记员, 督办, 管理员: the 转人工 inbox.</summary>
    public const string HandoffPolicy = "OfficeHandoff";
    /// <summary>登记员 (and 管理员): registering letters, visits and calls, as they accept petitions.</summary>
    public const string RegistrarPolicy = "OfficeRegistrar";
    /// <summary>网格员 only: their grid's dispute screening ledger and the look-ups.</summary>
    public const string GridPolicy = "OfficeGrid";
    /// <summary>领导 (their own 包保 cases), 登记员, 督办, 管理员 (every case): 包保 and 一案一策.</summary>
    public const string CasesPolicy = "OfficeCases";
    /// <summary>登记员, 督办, 领导, 管理员: reception places and days, the day's visit bookings.</summary>
    public const string ReceptionPolicy = "OfficeReception";

    public static IServiceCollection AddOfficeAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(Scheme, options =>
        {
            options.Cookie.Name = "petitionbot.office";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.Path = "/";
            options.LoginPath = "/office/login";
            options.LogoutPath = "/office/logout";
            options.AccessDeniedPath = "/office/denied";
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.Events = new CookieAuthenticationEvents
            {
                OnRedirectToLogin = RedirectToLoginAsync,
                OnRedirectToAccessDenied = AccessDeniedAsync,
                OnValidatePrincipal = ValidateStampAsync,
            };
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
                .RequireRole(Enum.GetNames<OfficeRole>()))
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
                .RequireRole(nameof(OfficeRole.Admin)))
            .AddPolicy(SupervisorPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
                .RequireRole(nameof(OfficeRole.Supervisor), nameof(OfficeRole.Leader), nameof(OfficeRole.Admin)))
            // A duty lawyer sees the hand-offs and the petitions they took part in, a grid worker their grid's ledger and
            // the petitions filed from it, nothing else.
            .AddPolicy(DeskPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
                .RequireRole(Enum.GetNames<OfficeRole>().Where(r => r != nameof(OfficeRole.DutyLawyer) && r != nameof(OfficeRole.GridWorker))))
            // Not even the administrator: the ledger is the grid's own (an administrator manages grids and accounts).
            .AddPolicy(GridPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
                .RequireRole(nameof(OfficeRole.GridWorker)).RequireClaim(GridClaim))
            .AddPolicy(CasesPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
                .RequireRole(nameof(OfficeRole.Leader), nameof(OfficeRole.Registrar), nameof(OfficeRole.Supervisor), nameof(OfficeRole.Admin)))
            .AddPolicy(ReceptionPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
                .RequireRole(nameof(OfficeRole.Registrar), nameof(OfficeRole.Supervisor), nameof(OfficeRole.Leader), nameof(OfficeRole.Admin)))
            .AddPolicy(RegistrarPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
                .RequireRole(nameof(OfficeRole.Registrar), nameof(OfficeRole.Admin)))
            .AddPolicy(HandoffPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
                .RequireRole(nameof(OfficeRole.DutyLawyer), nameof(OfficeRole.Registrar), nameof(OfficeRole.Supervisor), nameof(OfficeRole.Admin)));
        return services;
    }

    /// <summary>Where a role lands after signing in, whichever way it signed in.</summary>
    public static string HomeOf(OfficeRole role) => role switch
    {
        OfficeRole.DutyLawyer => "/office/handoffs",
        OfficeRole.GridWorker => "/office/grid",
        _ => "/office",
    };

    public static ClaimsPrincipal CreatePrincipal(OfficeUser user)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.UserName),
            new(DisplayNameClaim, user.DisplayName),
            new(ClaimTypes.Role, user.Role.ToString()),
            new(StampClaim, user.SecurityStamp.ToString()),
        ];
        if (user.UnitId is { } unit) claims.Add(new(UnitClaim, unit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (user.GridId is { } grid) claims.Add(new(GridClaim, grid.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    // APIs answer 401 with JSON; pages go to the login form.
    private static async Task RedirectToLoginAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (IsApi(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new { error = "unauthorized", message = "请先登录信访事项办理系统。" });
            return;
        }
        context.Response.Redirect(context.RedirectUri);
    }

    // A 403 stays a 403 (no redirect), so "another unit's item by URL" is plainly refused.
    private static async Task AccessDeniedAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        if (IsApi(context.Request))
        {
            await context.Response.WriteAsJsonAsync(new { error = "forbidden", message = "无权访问该信访事项或功能。" });
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(ForbiddenHtml);
    }

    internal const string ForbiddenHtml = """
        <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>无权访问</title></head>
        <body style="font-family:sans-serif;padding:2rem"><h1>403 无权访问</h1>
        <p>您的账户无权查看该信访事项或使用该功能。办理单位只能查看本单位承办的事项。</p>
        <p><a href="/office">返回待办队列</a></p></body></html>
        """;

    // Deactivated accounts and changed roles or passwords take effect on the next request.
    private static async Task ValidateStampAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal is null || !long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            context.RejectPrincipal();
            return;
        }
        var db = context.HttpContext.RequestServices.GetRequiredService<PetitionDbContext>();
        var user = await db.Set<OfficeUser>().AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, context.HttpContext.RequestAborted);
        if (user is null || !user.Active || user.SecurityStamp.ToString() != principal.FindFirstValue(StampClaim))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
