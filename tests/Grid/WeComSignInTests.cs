using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Auth;
using System.Text.RegularExpressions;
using PetitionBot.Tests.Office;
using PetitionBot.Tests.WeChat;

namespace PetitionBot.Tests.Grid;

/// <summary>企业微信 网页授权登录: the identity comes from WeCom, no password is asked for.</summary>
public sealed class WeComSignInTests(WeComOffice office) : IClassFixture<WeComOffice>
{
    private OfficeApp App => office.App;

    /// <summary>Opens /office/wecom/login as WeCom's browser does and returns the state WeCom is asked to bring back.</summary>
    private async Task<string> StartAsync(HttpClient browser)
    {
        var response = await browser.GetAsync("/office/wecom/login");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        var expected = new Regex(
            "^https://open\\.weixin\\.qq\\.com/connect/oauth2/authorize\\?appid=" + FakeWeChatApi.CorpId +
            "&redirect_uri=http%3A%2F%2Flocalhost%2Foffice%2Fwecom%2Fcallback&response_type=code&scope=snsapi_base" +
            "&state=([A-Za-z0-9_-]{32})&agentid=" + WeComOffice.AgentId + "#wechat_redirect$");
        var match = expected.Match(location);
        Assert.True(match.Success, location);
        return match.Groups[1].Value;
    }

    private static Task<HttpResponseMessage> ComeBackAsync(HttpClient browser, string code, string state) =>
        browser.GetAsync($"/office/wecom/callback?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(state)}");

    [Fact]
    public async Task Grid_worker_opening_the_app_in_WeCom_lands_on_their_grid_without_a_password()
    {
        var grid = await GridOffice.CreateGridAsync(App);
        var (userName, weCom) = await WeComOffice.CreateWorkerAsync(App, grid);
        var browser = App.Browser();

        var state = await StartAsync(browser);
        var landing = await ComeBackAsync(browser, office.Api.IssueCode(weCom), state);

        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        var html = await landing.Content.ReadAsStringAsync();
        Assert.Contains("url=/office/grid", html);
        var ledger = await browser.GetAsync("/office/grid");
        Assert.Equal(HttpStatusCode.OK, ledger.StatusCode);
        Assert.Contains("排查台账", await ledger.Content.ReadAsStringAsync());
        Assert.Contains(await WeComOffice.AuditAsync(App, "登录"), a => a.Actor == userName && a.After!.Contains("企业微信"));
    }

    [Fact]
    public async Task A_WeCom_only_account_has_no_password_to_guess_and_keeps_a_way_in()
    {
        var grid = await GridOffice.CreateGridAsync(App);
        App.EnsureStarted();
        var name = $"wecomonly{Guid.NewGuid():N}"[..16];
        var weCom = $"WangLi{Guid.NewGuid():N}"[..16];
        var (created, unbind) = await App.InScopeAsync(async sp =>
        {
            var accounts = sp.GetRequiredService<OfficeAccounts>();
            var created = await accounts.CreateUserAsync(OfficeActor.System, name, "王丽", OfficeRole.GridWorker, null, "",
                CancellationToken.None, grid, weCom);
            var id = await sp.GetRequiredService<PetitionDbContext>().Set<OfficeUser>().Where(u => u.UserName == name).Select(u => u.Id).SingleAsync();
            var unbind = await accounts.UpdateUserAsync(OfficeActor.System, id, OfficeRole.GridWorker, null, true, null, CancellationToken.None, grid, "");
            return (created, unbind);
        });
        var browser = App.Browser();
        var state = await StartAsync(browser);

        var landing = await ComeBackAsync(browser, office.Api.IssueCode(weCom), state);
        var withEmpty = await OfficeApp.PostLoginAsync(App.Browser(), name, "");
        var withGuess = await OfficeApp.PostLoginAsync(App.Browser(), name, OfficeApp.Password);

        Assert.Null(created);
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.NotEqual(HttpStatusCode.Redirect, withEmpty.StatusCode);
        Assert.NotEqual(HttpStatusCode.Redirect, withGuess.StatusCode);
        Assert.Contains(OfficeAccounts.WrongCredentials, await withGuess.Content.ReadAsStringAsync());
        Assert.Equal(OfficeAccounts.WeComOnlyUnbind, unbind);
    }

    [Fact]
    public async Task An_expired_access_token_is_refreshed_once_and_the_sign_in_goes_through()
    {
        var grid = await GridOffice.CreateGridAsync(App);
        var (_, weCom) = await WeComOffice.CreateWorkerAsync(App, grid);
        var browser = App.Browser();
        var state = await StartAsync(browser);
        Assert.Equal(HttpStatusCode.OK, (await ComeBackAsync(browser, office.Api.IssueCode(weCom), state)).StatusCode);
        office.Api.ExpireTokens();
        var tokens = office.Api.CallsTo("/cgi-bin/gettoken").Count;
        var again = App.Browser();
        state = await StartAsync(again);

        Assert.Equal(HttpStatusCode.OK, (await ComeBackAsync(again, office.Api.IssueCode(weCom), state)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/office/grid")).StatusCode);
        Assert.Equal(tokens + 1, office.Api.CallsTo("/cgi-bin/gettoken").Count);
    }

    [Fact]
    public async Task Member_without_a_bound_account_is_refused_with_a_reason()
    {
        var browser = App.Browser();
        var state = await StartAsync(browser);

        var response = await ComeBackAsync(browser, office.Api.IssueCode("NoSuchMember"), state);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("还没有绑定信访事项办理系统的账户", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/office/grid")).StatusCode);
        Assert.Contains(await WeComOffice.AuditAsync(App, "企业微信登录失败"), a => a.After!.Contains("NoSuchMember"));
    }

    [Fact]
    public async Task Deactivated_account_is_refused()
    {
        var grid = await GridOffice.CreateGridAsync(App);
        var (_, weCom) = await WeComOffice.CreateWorkerAsync(App, grid, active: false);
        var browser = App.Browser();
        var state = await StartAsync(browser);

        var response = await ComeBackAsync(browser, office.Api.IssueCode(weCom), state);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/office/grid")).StatusCode);
    }

    [Fact]
    public async Task Outsider_is_refused()
    {
        var browser = App.Browser();
        var state = await StartAsync(browser);

        var response = await ComeBackAsync(browser, office.Api.IssueOutsiderCode("oOutsider1"), state);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("只有本单位的企业微信成员", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Forged_state_is_refused_before_WeCom_is_asked()
    {
        var grid = await GridOffice.CreateGridAsync(App);
        var (_, weCom) = await WeComOffice.CreateWorkerAsync(App, grid);
        var browser = App.Browser();
        await StartAsync(browser);
        var code = office.Api.IssueCode(weCom);
        var asked = office.Api.CallsTo("/cgi-bin/auth/getuserinfo").Count;

        var response = await ComeBackAsync(browser, code, "forged-state-forged-state-forged1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("登录链接无效", html);
        Assert.DoesNotContain("Exception", html);
        Assert.Equal(asked, office.Api.CallsTo("/cgi-bin/auth/getuserinfo").Count);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/office/grid")).StatusCode);
        Assert.Contains(await WeComOffice.AuditAsync(App, "企业微信登录失败"), a => a.After!.Contains("state 无效"));
    }

    [Fact]
    public async Task Callback_without_the_browsers_state_cookie_is_refused()
    {
        // A link made in someone else's browser (login CSRF): the state is real, but not this browser's.
        var grid = await GridOffice.CreateGridAsync(App);
        var (_, weCom) = await WeComOffice.CreateWorkerAsync(App, grid);
        var state = await StartAsync(App.Browser());

        var response = await ComeBackAsync(App.Browser(), office.Api.IssueCode(weCom), state);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Code_WeCom_does_not_accept_is_refused_with_its_errcode()
    {
        var browser = App.Browser();
        var state = await StartAsync(browser);

        var response = await ComeBackAsync(browser, "CODE-used-or-invented", state);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("错误码 40029", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_same_link_works_once()
    {
        var grid = await GridOffice.CreateGridAsync(App);
        var (_, weCom) = await WeComOffice.CreateWorkerAsync(App, grid);
        var browser = App.Browser();
        var state = await StartAsync(browser);
        Assert.Equal(HttpStatusCode.OK, (await ComeBackAsync(browser, office.Api.IssueCode(weCom), state)).StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await ComeBackAsync(browser, office.Api.IssueCode(weCom), state)).StatusCode);
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = OfficeApp.Token(await client.GetStringAsync(url.Split('?')[0]));
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task Administrator_binds_a_WeCom_member_on_the_users_page_and_a_second_binding_is_refused()
    {
        var grid = await GridOffice.CreateGridAsync(App);
        var (userName, _) = await WeComOffice.CreateWorkerAsync(App, grid);
        var admin = await App.SignInAsync(OfficeApp.AdminUser, OfficeApp.AdminPassword);
        var users = await admin.GetStringAsync("/office/admin/users");
        var id = Regex.Match(users, $"<td>{userName}</td>[\\s\\S]*?name=\"id\" value=\"(\\d+)\"").Groups[1].Value;
        Dictionary<string, string> Update(string weCom) => new()
        {
            ["id"] = id, ["role"] = "GridWorker", ["unitId"] = "", ["gridId"] = grid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["active"] = "true", ["weComUserId"] = weCom,
        };

        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(admin, "/office/admin/users?handler=Update", Update("ZhaoWangGe"))).StatusCode);
        var browser = App.Browser();
        var state = await StartAsync(browser);
        Assert.Equal(HttpStatusCode.OK, (await ComeBackAsync(browser, office.Api.IssueCode("ZhaoWangGe"), state)).StatusCode);

        var (other, _) = await WeComOffice.CreateWorkerAsync(App, grid);
        var otherId = Regex.Match(await admin.GetStringAsync("/office/admin/users"), $"<td>{other}</td>[\\s\\S]*?name=\"id\" value=\"(\\d+)\"").Groups[1].Value;
        var again = Update("ZhaoWangGe");
        again["id"] = otherId;
        var refused = await PostFormAsync(admin, "/office/admin/users?handler=Update", again);
        Assert.Contains("该企业微信账号已绑定其他用户。", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Login_page_offers_WeCom_sign_in_when_configured()
    {
        Assert.Contains("/office/wecom/login", await App.Browser().GetStringAsync("/office/login"));
    }
}

/// <summary>Without the app's AgentId and Secret there is no WeCom sign-in.</summary>
public sealed class WeComSignInOffTests
{
    [Fact]
    public async Task WeCom_sign_in_is_off_until_the_app_is_configured()
    {
        await using var app = new OfficeApp();
        var browser = app.Browser();
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/office/wecom/login")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/office/wecom/callback?code=x&state=y")).StatusCode);
        Assert.DoesNotContain("/office/wecom/login", await browser.GetStringAsync("/office/login"));
    }
}
