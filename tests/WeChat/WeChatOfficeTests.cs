using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Channels.WeChat;

namespace PetitionBot.Tests.WeChat;

/// <summary>QR scene codes per unit and the menu, as an admin of the back office uses them.</summary>
public class WeChatOfficeTests : IAsyncLifetime
{
    private FakeWeChatApi _api = null!;
    private WeChatApp _app = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeWeChatApi.StartAsync();
        _app = new WeChatApp(_api);
        _admin = _app.WithWebHostBuilder(b => b.ConfigureTestServices(TestAdmin.Register)).CreateClient();
        _admin.DefaultRequestHeaders.Add(TestAdmin.Header, "admin");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Office_endpoints_refuse_anonymous_users()
    {
        var anonymous = _app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, await anonymous.GetAsync("/api/office/wechat/qrcodes").StatusAsync());
        Assert.Equal(HttpStatusCode.Unauthorized,
            await anonymous.PostAsJsonAsync("/api/office/wechat/qrcodes", new { sceneKey = "u1", title = "某街道" }).StatusAsync());
        Assert.Empty(_api.Calls);
    }

    [Fact]
    public async Task Admin_creates_a_permanent_scene_code_for_a_unit_and_gets_its_image()
    {
        using var created = await _admin.PostAsJsonAsync("/api/office/wechat/qrcodes", new { sceneKey = "unit-42", title = "三里屯街道办事处" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var code = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("http://weixin.qq.com/q/unit-42", code["url"]!.GetValue<string>());

        var call = Assert.Single(_api.CallsTo("/cgi-bin/qrcode/create")).Body!;
        Assert.Equal("QR_LIMIT_STR_SCENE", call["action_name"]!.GetValue<string>());
        Assert.Equal("unit-42", call["action_info"]!["scene"]!["scene_str"]!.GetValue<string>());

        using var image = await _admin.GetAsync(code["imagePath"]!.GetValue<string>());
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        var png = await image.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [Fact]
    public async Task Creating_the_same_unit_code_again_returns_the_stored_one()
    {
        await _admin.PostAsJsonAsync("/api/office/wechat/qrcodes", new { sceneKey = "unit-7", title = "某镇政府" });
        using var again = await _admin.PostAsJsonAsync("/api/office/wechat/qrcodes", new { sceneKey = "unit-7", title = "某镇政府" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single(_api.CallsTo("/cgi-bin/qrcode/create"));
        var list = await _admin.GetFromJsonAsync<JsonArray>("/api/office/wechat/qrcodes");
        Assert.Equal("unit-7", Assert.Single(list!)!["sceneKey"]!.GetValue<string>());
    }

    [Fact]
    public async Task Poster_is_a_printable_page_with_the_unit_name_and_the_code()
    {
        await _admin.PostAsJsonAsync("/api/office/wechat/qrcodes", new { sceneKey = "unit-9", title = "朝阳<区>信访办" });
        var poster = await _admin.GetStringAsync("/api/office/wechat/qrcodes/unit-9/poster");
        Assert.Contains("朝阳&lt;区&gt;信访办", poster);
        Assert.Contains("data:image/png;base64,", poster);
        Assert.Contains("@page", poster);
    }

    [Fact]
    public async Task A_scene_key_that_is_not_a_unit_code_is_refused_with_a_reason()
    {
        using var response = await _admin.PostAsJsonAsync("/api/office/wechat/qrcodes", new { sceneKey = "有空格 的", title = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("场景值", await response.Content.ReadAsStringAsync());
        Assert.Empty(_api.Calls);
    }

    [Fact]
    public async Task Unknown_unit_code_image_is_not_found()
    {
        Assert.Equal(HttpStatusCode.NotFound, await _admin.GetAsync("/api/office/wechat/qrcodes/none/image").StatusAsync());
    }

    [Fact]
    public async Task Pushing_the_menu_sends_the_default_menu_to_wechat()
    {
        using var response = await _admin.PostAsync("/api/office/wechat/menu", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var menu = Assert.Single(_api.CallsTo("/cgi-bin/menu/create")).Body!;
        var buttons = menu["button"]!.AsArray();
        Assert.Equal(3, buttons.Count);
        Assert.Equal("consult", buttons[0]!["key"]!.GetValue<string>());
    }
}

/// <summary>A header-based admin login standing in for the back office's, and the OfficeAdmin policy on it.</summary>
internal sealed class TestAdmin(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TestAdmin";
    public const string Header = "X-Test-Admin";

    public static void Register(IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TestAdmin>(SchemeName, _ => { });
        services.AddAuthorizationBuilder().AddPolicy(PetitionBot.Bot.Office.Auth.OfficeAuth.AdminPolicy,
            p => p.AddAuthenticationSchemes(SchemeName).RequireAuthenticatedUser());
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var name)) return Task.FromResult(AuthenticateResult.NoResult());
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name.ToString())], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
