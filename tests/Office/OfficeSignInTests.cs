using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Office;

/// <summary>Sign-in hardening: server-side logout, one message, per-address lockout and throttle, password rule, Secure cookies.</summary>
public class OfficeSignInTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    [Fact]
    public async Task Logout_revokes_the_session_so_a_copy_of_the_cookie_stops_working()
    {
        var user = await app.CreateUserAsync(OfficeRole.Registrar);
        var raw = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var login = await raw.GetAsync("/office/login");
        var antiforgery = CookiesOf(login);
        var signedIn = await SendAsync(raw, HttpMethod.Post, "/office/login", antiforgery, new Dictionary<string, string>
        {
            ["UserName"] = user, ["Password"] = OfficeApp.Password,
            ["__RequestVerificationToken"] = OfficeApp.Token(await login.Content.ReadAsStringAsync()),
        });
        var session = CookiesOf(signedIn).Single(c => c.StartsWith("petitionbot.office=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(raw, HttpMethod.Get, "/api/office/me", [session])).StatusCode);

        var queue = await SendAsync(raw, HttpMethod.Get, "/office", [session, .. antiforgery]);
        var logout = await SendAsync(raw, HttpMethod.Post, "/office/logout", [session, .. antiforgery],
            new Dictionary<string, string> { ["__RequestVerificationToken"] = OfficeApp.Token(await queue.Content.ReadAsStringAsync()) });
        var replayed = await SendAsync(raw, HttpMethod.Get, "/api/office/me", [session]);

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
    }

    [Fact]
    public async Task An_unknown_user_and_a_wrong_password_get_the_same_message()
    {
        var user = await app.CreateUserAsync(OfficeRole.Registrar);
        var client = app.Browser();

        var unknown = await (await OfficeApp.PostLoginAsync(client, "nobody-" + Guid.NewGuid().ToString("N")[..6], "Whatever-123")).Content.ReadAsStringAsync();
        var wrong = await (await OfficeApp.PostLoginAsync(client, user, "Whatever-123")).Content.ReadAsStringAsync();

        Assert.Contains("用户名或密码错误。", unknown);
        Assert.Contains("用户名或密码错误。", wrong);
        Assert.DoesNotContain("再错", wrong);
    }

    [Fact]
    public async Task A_stranger_guessing_from_one_address_does_not_lock_the_owner_out_at_another()
    {
        var user = await app.CreateUserAsync(OfficeRole.Registrar);
        var stranger = app.Browser();
        stranger.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.5");
        for (var i = 0; i < 5; i++) await OfficeApp.PostLoginAsync(stranger, user, "Not-the-password-1");
        var owner = app.Browser();
        owner.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.7");

        var strangerAgain = await OfficeApp.PostLoginAsync(stranger, user, OfficeApp.Password);
        var ownersTry = await OfficeApp.PostLoginAsync(owner, user, OfficeApp.Password);

        Assert.Contains("登录失败次数过多", await strangerAgain.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, ownersTry.StatusCode);
    }

    [Fact]
    public async Task The_office_cookie_is_secure_when_the_proxy_says_the_request_was_https()
    {
        var user = await app.CreateUserAsync(OfficeRole.Registrar);
        var viaProxy = app.Browser();
        viaProxy.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var plain = app.Browser();

        var secure = await OfficeApp.PostLoginAsync(viaProxy, user, OfficeApp.Password);
        var notSecure = await OfficeApp.PostLoginAsync(plain, user, OfficeApp.Password);

        Assert.Contains(secure.Headers.GetValues("Set-Cookie"), c => c.StartsWith("petitionbot.office=") && c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(notSecure.Headers.GetValues("Set-Cookie"), c => c.StartsWith("petitionbot.office=") && !c.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("aaaaaaaaaa")]
    [InlineData("password12")]
    [InlineData("Password@2026")]
    [InlineData("1234567890")]
    [InlineData("qwertyuiop")]
    [InlineData("ababababab")]
    [InlineData("woaini1314520")]
    public async Task Common_and_repetitive_passwords_are_refused_for_new_accounts(string password)
    {
        var error = await app.InScopeAsync(sp => sp.GetRequiredService<OfficeAccounts>().CreateUserAsync(
            OfficeActor.System, "weak" + Guid.NewGuid().ToString("N")[..6], "测试", OfficeRole.Registrar, null, password, CancellationToken.None));

        Assert.NotNull(error);
        Assert.Contains("密码", error);
    }

    [Fact]
    public void A_weak_bootstrap_password_stops_the_start_with_a_message()
    {
        using var weak = new OfficeApp { Settings = { ["Office:BootstrapAdmin:Password"] = "password12" } };

        var error = Assert.ThrowsAny<Exception>(() => weak.CreateClient());

        Assert.Contains("Office:BootstrapAdmin:Password is too weak", error.ToString());
    }

    [Fact]
    public async Task Sign_in_attempts_from_one_address_are_throttled()
    {
        await using var throttled = new OfficeApp { Settings = { ["Office:SignInAttemptsPerMinute"] = "3" } };
        var client = throttled.Browser();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) statuses.Add((await OfficeApp.PostLoginAsync(client, "someone" + i, "Whatever-123")).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[3]);
        Assert.All(statuses.Take(3), s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task The_cookie_key_ring_is_kept_in_the_database_and_shared_by_instances()
    {
        await using var first = BotHost.Start();
        var sealedText = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("信访");
        await using var second = first.SecondInstance();

        var opened = second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(sealedText);

        Assert.Equal("信访", opened);
        await first.WithDbAsync(async db => Assert.NotEmpty(await db.Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>().ToListAsync()));
    }

    private static List<string> CookiesOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]).ToList() : [];

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, IEnumerable<string> cookies,
        Dictionary<string, string>? form = null)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Cookie", string.Join("; ", cookies));
        if (form is not null) request.Content = new FormUrlEncodedContent(form);
        return await client.SendAsync(request);
    }
}
