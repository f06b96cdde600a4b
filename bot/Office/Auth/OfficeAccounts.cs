using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Audit;

namespace PetitionBot.Bot.Office.Auth;

public abstract record LoginResult
{
    public sealed record Success(OfficeUser User) : LoginResult;
    public sealed record Failed(string Message) : LoginResult;
    public sealed record LockedOut(DateTime UntilUtc) : LoginResult;
}

/// <summary>Sign-in with lockout, and account administration.</summary>
public sealed class OfficeAccounts(
    PetitionDbContext db,
    SignInGuard guard,
    IPasswordHasher<OfficeUser> hasher,
    TimeProvider time,
    AuditLog audit,
    IOptions<OfficeOptions> options,
    ILogger<OfficeAccounts> logger)
{
    public const int MinPasswordLength = PasswordRules.MinLength;

    // Verifying against a throwaway hash keeps the answer time the same for unknown user names.
    private static readonly string DummyHash = new PasswordHasher<OfficeUser>()
        .HashPassword(new OfficeUser { UserName = "-", DisplayName = "-" }, Guid.NewGuid().ToString());

    /// <summary>The one answer for an unknown user, a deactivated one and a wrong password.</summary>
    public const string WrongCredentials = "用户名或密码错误。";

    /// <param name="address">The client address: failures lock the name for this address only.</param>
    public async Task<LoginResult> SignInAsync(string userName, string password, string address, CancellationToken ct)
    {
        var name = userName.Trim();
        if (await guard.LockedUntilAsync(name, address, ct) is { } lockedUntil) return new LoginResult.LockedOut(lockedUntil);

        var user = await db.Set<OfficeUser>().SingleOrDefaultAsync(u => u.UserName == name, ct);
        var verdict = PasswordVerificationResult.Failed;
        if (user is { Active: true } && HasPassword(user)) verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        // Verifying against a throwaway hash keeps the answer time the same for unknown user names.
        else hasher.VerifyHashedPassword(new OfficeUser { UserName = "-", DisplayName = "-" }, DummyHash, password);
        if (user is not { Active: true } || verdict == PasswordVerificationResult.Failed)
        {
            if (await guard.RecordFailureAsync(name, address, ct) is { } until)
            {
                if (user is not null) audit.Add(user.UserName, "账户锁定", $"user:{user.UserName}", null, new { until, address });
                logger.LogWarning("Office sign-in for a user name locked for one client address after {Count} failures", options.Value.MaxFailedLogins);
                if (user is not null) await db.SaveChangesAsync(ct);
                return new LoginResult.LockedOut(until);
            }
            return new LoginResult.Failed(WrongCredentials);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded) user.PasswordHash = hasher.HashPassword(user, password);
        audit.Add(user.UserName, "登录", $"user:{user.UserName}", null, null);
        await db.SaveChangesAsync(ct);
        await guard.ForgetAsync(name, address, ct);
        return new LoginResult.Success(user);
    }

    /// <summary>Logout: a new security stamp, so every cookie issued for the user stops working on every instance.</summary>
    public async Task SignOutAsync(long userId, CancellationToken ct)
    {
        await db.Set<OfficeUser>().Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, Guid.NewGuid()), ct);
    }

    public static string? CheckPassword(string? password, string? userName = null) => PasswordRules.Check(password, userName);

    /// <summary>An account bound to WeCom may have no password: WeCom vouches for its holder, and nothing can be guessed.</summary>
    public static bool HasPassword(OfficeUser user) => user.PasswordHash.Length > 0;

    public const string WeComOnlyUnbind = "该账户没有密码，只能通过企业微信登录；解除绑定前请为其设置密码。";

    /// <param name="gridId">For 网格员: the grid they keep (required for that role, ignored for the others).</param>
    public async Task<string?> CreateUserAsync(
        OfficeActor actor, string userName, string displayName, OfficeRole role, long? unitId, string password, CancellationToken ct,
        long? gridId = null, string? weComUserId = null)
    {
        userName = userName.Trim();
        if (userName.Length is < 2 or > 64) return "用户名需为 2 到 64 个字符。";
        if (string.IsNullOrWhiteSpace(displayName)) return "请填写姓名。";
        weComUserId = CleanWeComUserId(weComUserId);
        // 网格员 who sign in through the WeCom app need no second password (issue 23); everyone else gets one.
        var weComOnly = string.IsNullOrEmpty(password) && weComUserId is not null;
        if (!weComOnly && CheckPassword(password, userName) is { } bad) return bad;
        if (role == OfficeRole.HandlingUnit && unitId is null) return "办理单位账户必须选择所属单位。";
        if (role != OfficeRole.HandlingUnit) unitId = null;
        if (unitId is { } u && !await db.Set<Units.HandlingUnit>().AnyAsync(x => x.Id == u, ct)) return "所选单位不存在。";
        if (await CheckGridAsync(role, gridId, ct) is { } gridError) return gridError;
        if (role != OfficeRole.GridWorker) gridId = null;
        if (await db.Set<OfficeUser>().AnyAsync(x => x.UserName == userName, ct)) return "该用户名已存在。";
        if (await CheckWeComUserIdAsync(weComUserId, null, ct) is { } weComError) return weComError;

        var user = new OfficeUser
        {
            UserName = userName,
            DisplayName = displayName.Trim(),
            Role = role,
            UnitId = unitId,
            GridId = gridId,
            WeComUserId = weComUserId,
            CreatedUtc = time.GetUtcNow().UtcDateTime,
        };
        user.PasswordHash = weComOnly ? "" : hasher.HashPassword(user, password);
        db.Add(user);
        audit.Add(actor.UserName, "新建用户", $"user:{userName}", null,
            new { userName, displayName, role = role.ToString(), unitId, gridId, weComUserId, weComOnly });
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <param name="weComUserId">The WeCom userid to bind: null leaves it as it is, empty unbinds it.</param>
    public async Task<string?> UpdateUserAsync(
        OfficeActor actor, long id, OfficeRole role, long? unitId, bool active, string? newPassword, CancellationToken ct, long? gridId = null,
        string? weComUserId = null)
    {
        var user = await db.Set<OfficeUser>().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return "用户不存在。";
        if (role == OfficeRole.HandlingUnit && unitId is null) return "办理单位账户必须选择所属单位。";
        if (role != OfficeRole.HandlingUnit) unitId = null;
        if (await CheckGridAsync(role, gridId, ct) is { } gridError) return gridError;
        if (role != OfficeRole.GridWorker) gridId = null;
        if (user.Id == actor.UserId && (!active || role != OfficeRole.Admin)) return "不能停用自己或取消自己的管理员角色。";
        if (!string.IsNullOrEmpty(newPassword) && CheckPassword(newPassword, user.UserName) is { } bad) return bad;
        var weCom = weComUserId is null ? user.WeComUserId : CleanWeComUserId(weComUserId);
        if (await CheckWeComUserIdAsync(weCom, user.Id, ct) is { } weComError) return weComError;
        if (weCom is null && !HasPassword(user) && string.IsNullOrEmpty(newPassword)) return WeComOnlyUnbind;

        var before = new { role = user.Role.ToString(), user.UnitId, user.GridId, user.Active, weComUserId = user.WeComUserId };
        user.Role = role;
        user.UnitId = unitId;
        user.GridId = gridId;
        user.Active = active;
        user.WeComUserId = weCom;
        if (!string.IsNullOrEmpty(newPassword))
        {
            user.PasswordHash = hasher.HashPassword(user, newPassword);
            user.FailedLogins = 0;
            user.LockedUntilUtc = null;
        }
        user.SecurityStamp = Guid.NewGuid();
        audit.Add(actor.UserName, "修改用户", $"user:{user.UserName}", before,
            new { role = role.ToString(), unitId, gridId, active, weComUserId = weCom, passwordReset = !string.IsNullOrEmpty(newPassword) });
        await db.SaveChangesAsync(ct);
        return null;
    }

    private static string? CleanWeComUserId(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private async Task<string?> CheckWeComUserIdAsync(string? weComUserId, long? self, CancellationToken ct)
    {
        if (weComUserId is null) return null;
        // 企业微信 账号: letters, digits and _-.@, at most 64 (通讯录 rules).
        if (weComUserId.Length > 64 || !weComUserId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '@'))
            return "企业微信账号只能由字母、数字和 _ - . @ 组成，最长 64 个字符。";
        return await db.Set<OfficeUser>().AnyAsync(u => u.WeComUserId == weComUserId && u.Id != self, ct)
            ? "该企业微信账号已绑定其他用户。" : null;
    }

    /// <summary>Actor of audit rows for WeCom sign-ins that found no account.</summary>
    public const string WeComActor = "wecom";

    /// <summary>
    /// Sign-in with the identity WeCom vouched for (网页授权 code → userid): no password, the same audit row and the
    /// same session as a password sign-in. An unknown or deactivated member is refused and audited.
    /// </summary>
    public async Task<OfficeUser?> SignInWithWeComAsync(string weComUserId, CancellationToken ct)
    {
        var user = await db.Set<OfficeUser>().SingleOrDefaultAsync(u => u.WeComUserId == weComUserId, ct);
        if (user is not { Active: true })
        {
            audit.Add(WeComActor, "企业微信登录失败", user is null ? null : $"user:{user.UserName}", null,
                new { weComUserId, reason = user is null ? "未绑定账户" : "账户已停用" });
            await db.SaveChangesAsync(ct);
            return null;
        }
        audit.Add(user.UserName, "登录", $"user:{user.UserName}", null, new { via = "企业微信" });
        await db.SaveChangesAsync(ct);
        return user;
    }

    /// <summary>A WeCom sign-in refused before any account was looked at (forged state, WeCom's error): audited all the same.</summary>
    public async Task RecordWeComRefusalAsync(string reason, object? detail, CancellationToken ct)
    {
        audit.Add(WeComActor, "企业微信登录失败", null, null, new { reason, detail });
        await db.SaveChangesAsync(ct);
    }

    private async Task<string?> CheckGridAsync(OfficeRole role, long? gridId, CancellationToken ct)
    {
        if (role != OfficeRole.GridWorker) return null;
        if (gridId is not { } g) return "网格员账户必须选择所在网格。";
        return await db.Set<Grid.GridArea>().AnyAsync(x => x.Id == g && x.Active, ct) ? null : "所选网格不存在或已停用。";
    }

    public async Task<string?> ChangeOwnPasswordAsync(OfficeActor actor, string current, string next, CancellationToken ct)
    {
        var user = await db.Set<OfficeUser>().SingleOrDefaultAsync(u => u.Id == actor.UserId, ct);
        if (user is null) return "用户不存在。";
        if (!HasPassword(user)) return "您的账户通过企业微信登录，没有密码；需要密码请联系管理员设置。";
        if (hasher.VerifyHashedPassword(user, user.PasswordHash, current) == PasswordVerificationResult.Failed) return "当前密码不正确。";
        if (CheckPassword(next, user.UserName) is { } bad) return bad;
        user.PasswordHash = hasher.HashPassword(user, next);
        user.SecurityStamp = Guid.NewGuid();
        audit.Add(actor.UserName, "修改密码", $"user:{user.UserName}", null, null);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>
    /// First start: one administrator, from Office:BootstrapAdmin or with a random password logged once. Until that
    /// administrator has signed in, every start says so again (never with the password: logs are kept and shared), and a
    /// password set in Office:BootstrapAdmin:Password then replaces the generated one, so a lost log is not a lock-out.
    /// </summary>
    public async Task EnsureBootstrapAdminAsync(CancellationToken ct)
    {
        var o = options.Value.BootstrapAdmin;
        if (await db.Set<OfficeUser>().AnyAsync(ct))
        {
            await RemindUntilFirstSignInAsync(o, ct);
            return;
        }
        var userName = string.IsNullOrWhiteSpace(o.User) ? "admin" : o.User.Trim();
        var password = o.Password;
        var generated = string.IsNullOrEmpty(password);
        if (generated) password = RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 16);

        var user = new OfficeUser
        {
            UserName = userName,
            DisplayName = "系统管理员",
            Role = OfficeRole.Admin,
            CreatedUtc = time.GetUtcNow().UtcDateTime,
        };
        user.PasswordHash = hasher.HashPassword(user, password!);
        db.Add(user);
        audit.Add(BootstrapActor, "新建用户", $"user:{userName}", null, new { userName, role = "Admin", bootstrap = true });
        await db.SaveChangesAsync(ct);
        if (generated)
        {
            // Printed once, on the first start only: the operator signs in and sets a real password.
            logger.LogWarning("Office bootstrap administrator created: user {User}, password {Password}. " +
                "Sign in at /office/login and change it, or set Office__BootstrapAdmin__User/__Password before the first start.",
                userName, password);
        }
        else
        {
            logger.LogInformation("Office bootstrap administrator {User} created from configuration", userName);
        }
    }

    private const string BootstrapActor = "system";

    private async Task RemindUntilFirstSignInAsync(BootstrapAdminOptions o, CancellationToken ct)
    {
        var created = await db.Set<AuditEntry>()
            .Where(e => e.Actor == BootstrapActor && e.Action == "新建用户")
            .OrderBy(e => e.Id).Select(e => e.Subject).FirstOrDefaultAsync(ct);
        if (created is null || !created.StartsWith("user:", StringComparison.Ordinal)) return;
        var userName = created["user:".Length..];
        if (await db.Set<AuditEntry>().AnyAsync(e => e.Actor == userName && e.Action == "登录", ct)) return;
        var user = await db.Set<OfficeUser>().SingleOrDefaultAsync(u => u.UserName == userName && u.Active, ct);
        if (user is null) return;
        if (!string.IsNullOrEmpty(o.Password))
        {
            user.PasswordHash = hasher.HashPassword(user, o.Password);
            user.FailedLogins = 0;
            user.LockedUntilUtc = null;
            audit.Add(BootstrapActor, "修改用户", $"user:{userName}", null, new { passwordReset = true, bootstrap = true });
            await db.SaveChangesAsync(ct);
            logger.LogWarning("Office bootstrap administrator {User} has not signed in yet: its password is now the one in " +
                "Office:BootstrapAdmin:Password. Sign in at /office/login and change it.", userName);
            return;
        }
        logger.LogWarning("Office bootstrap administrator {User} has not signed in yet. Sign in at /office/login with the " +
            "one-time password logged at the first start; if that log is lost, set Office__BootstrapAdmin__Password and restart.",
            userName);
    }
}

/// <summary>Creates the bootstrap administrator once the database exists (runs after DatabaseInitializer).</summary>
internal sealed class OfficeBootstrapper(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OfficeAccounts>().EnsureBootstrapAdminAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
