using Microsoft.AspNetCore.Hosting;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Office;
using PetitionBot.Bot.Office.Auth;

namespace PetitionBot.Tests.Office;

public class OfficeAuthTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    [Fact]
    public async Task Office_api_without_a_session_answers_401_with_json()
    {
        var response = await app.Browser().GetAsync("/api/office/petitions");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("unauthorized", json.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Office_page_without_a_session_redirects_to_the_login()
    {
        var response = await app.Browser().GetAsync("/office/petitions/XF20260302-0001");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/office/login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Bootstrap_admin_can_sign_in_and_reach_the_queue()
    {
        var client = await app.SignInAsync(OfficeApp.AdminUser, OfficeApp.AdminPassword);
        var html = await client.GetStringAsync("/office");
        Assert.Contains("待办队列", html);
        Assert.Contains("系统管理员", html);
    }

    [Fact]
    public async Task Until_the_bootstrap_admin_signs_in_each_start_repeats_the_hint_and_a_configured_password_replaces_the_first()
    {
        await using var fresh = new OfficeApp();
        fresh.EnsureStarted();
        var log = new ListLogger();
        // A restart with a new Office:BootstrapAdmin:Password, before anyone signed in.
        await fresh.InScopeAsync(async sp =>
        {
            var accounts = ActivatorUtilities.CreateInstance<OfficeAccounts>(sp, log, Options.Create(new OfficeOptions
            {
                BootstrapAdmin = new BootstrapAdminOptions { User = OfficeApp.AdminUser, Password = "Another-Passw0rd!" },
            }));
            await accounts.EnsureBootstrapAdminAsync(CancellationToken.None);
            return 0;
        });
        Assert.Contains(log.Lines, l => l.Contains("has not signed in yet") && !l.Contains("Another-Passw0rd!"));
        await fresh.SignInAsync(OfficeApp.AdminUser, "Another-Passw0rd!");

        // Signed in once: no more hint, and the configured password no longer changes anything.
        var after = new ListLogger();
        await fresh.InScopeAsync(async sp =>
        {
            var accounts = ActivatorUtilities.CreateInstance<OfficeAccounts>(sp, after, Options.Create(new OfficeOptions
            {
                BootstrapAdmin = new BootstrapAdminOptions { User = OfficeApp.AdminUser, Password = "Third-Passw0rd!!" },
            }));
            await accounts.EnsureBootstrapAdminAsync(CancellationToken.None);
            return 0;
        });
        Assert.Empty(after.Lines);
        var refused = await OfficeApp.PostLoginAsync(fresh.Browser(), OfficeApp.AdminUser, "Third-Passw0rd!!");
        Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
    }

    [Fact]
    public async Task An_office_session_logs_no_antiforgery_cache_header_warnings()
    {
        var warnings = new WarningCollector();
        await using var fresh = new OfficeApp();
        using var app2 = fresh.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(warnings)));
        var p = await fresh.FilePetitionAsync();
        var client = app2.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await OfficeApp.PostLoginAsync(client, OfficeApp.AdminUser, OfficeApp.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        foreach (var url in new[] { "/office", $"/office/petitions/{p.TrackingNo}", "/office/admin/units", "/office/admin/users" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        }
        Assert.DoesNotContain(warnings.Lines, l => l.Contains("Antiforgery", StringComparison.OrdinalIgnoreCase) || l.Contains("Cache-Control"));
    }

    private sealed class WarningCollector : ILoggerProvider, ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Named(this, categoryName);
        public void Dispose() { }
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) { }

        private sealed class Named(WarningCollector owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) owner.Lines.Enqueue($"{category}: {formatter(state, exception)}");
            }
        }
    }

    private sealed class ListLogger : ILogger<OfficeAccounts>
    {
        public List<string> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_15_minutes_with_a_message()
    {
        var user = await app.CreateUserAsync(OfficeRole.Registrar);
        var client = app.Browser();
        for (var i = 0; i < 4; i++)
        {
            var wrong = await OfficeApp.PostLoginAsync(client, user, "wrong-password");
            Assert.Contains("用户名或密码错误", await wrong.Content.ReadAsStringAsync());
        }
        var fifth = await OfficeApp.PostLoginAsync(client, user, "wrong-password");
        Assert.Contains("登录失败次数过多", await fifth.Content.ReadAsStringAsync());
        Assert.Contains("15 分钟", await fifth.Content.ReadAsStringAsync());

        // Even the right password is refused while locked.
        var right = await OfficeApp.PostLoginAsync(client, user, OfficeApp.Password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("登录失败次数过多", await right.Content.ReadAsStringAsync());

        app.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var later = await OfficeApp.PostLoginAsync(client, user, OfficeApp.Password);
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
    }

    [Fact]
    public async Task Handling_unit_user_cannot_open_another_units_item_even_by_url()
    {
        var mine = await app.CreateUnitAsync("甲街道办事处-" + Guid.NewGuid().ToString("N")[..4]);
        var other = await app.CreateUnitAsync("乙街道办事处-" + Guid.NewGuid().ToString("N")[..4]);
        var petition = await app.FilePetitionAsync(p => { p.HandlingUnitId = other.Id; p.CurrentUnitName = other.Name; });
        var user = await app.CreateUserAsync(OfficeRole.HandlingUnit, mine.Id);
        var client = await app.SignInAsync(user);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/office/petitions/{petition.TrackingNo}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/office/petitions/{petition.TrackingNo}/print")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/office/petitions/{petition.TrackingNo}")).StatusCode);
        var queue = await client.GetStringAsync("/office");
        Assert.DoesNotContain(petition.TrackingNo, queue);
    }

    [Fact]
    public async Task Handling_unit_user_sees_and_opens_its_own_units_item()
    {
        var mine = await app.CreateUnitAsync("丙街道办事处-" + Guid.NewGuid().ToString("N")[..4]);
        var petition = await app.FilePetitionAsync(p => { p.HandlingUnitId = mine.Id; p.CurrentUnitName = mine.Name; });
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.HandlingUnit, mine.Id));

        Assert.Contains(petition.TrackingNo, await client.GetStringAsync("/office"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/office/petitions/{petition.TrackingNo}")).StatusCode);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_rejected()
    {
        var petition = await app.FilePetitionAsync();
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        var response = await client.PostAsync($"/office/petitions/{petition.TrackingNo}?handler=Accept", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_registrar_cannot_open_user_administration()
    {
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/office/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/office/audit")).StatusCode);
    }

    [Fact]
    public async Task A_deactivated_user_loses_the_session_at_once()
    {
        var user = await app.CreateUserAsync(OfficeRole.Registrar);
        var client = await app.SignInAsync(user);
        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PetitionBot.Bot.Data.PetitionDbContext>();
            var u = db.Set<OfficeUser>().Single(x => x.UserName == user);
            var admin = db.Set<OfficeUser>().Single(x => x.UserName == OfficeApp.AdminUser);
            return await sp.GetRequiredService<OfficeAccounts>().UpdateUserAsync(
                new OfficeActor(admin.Id, admin.UserName, admin.DisplayName, OfficeRole.Admin, null), u.Id, OfficeRole.Registrar, null, false, null, default);
        });
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/office/me")).StatusCode);
    }
}
