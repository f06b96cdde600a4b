using System.Net;
using PetitionBot.Tests.BotFramework;

namespace PetitionBot.Tests.Web;

public class WebPageTests(WebPageTests.Fixture fixture) : IClassFixture<WebPageTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public ChannelTestApp App { get; } = new();
        public Task InitializeAsync() => Task.CompletedTask;
        public async Task DisposeAsync() => await App.DisposeAsync();
    }

    [Fact]
    public async Task Root_is_the_chinese_chat_page_with_web_chat_and_the_status_lookup()
    {
        var response = await fixture.App.CreateClient().GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Contains("信访助手", html);
        Assert.Contains("查询办理进度", html);
        Assert.Contains("/webchat/webchat.js", html);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Web_chat_bundle_from_the_build_is_served()
    {
        var response = await fixture.App.CreateClient().GetAsync("/webchat/webchat.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Content.Headers.ContentLength > 1_000_000, "the official UMD bundle is a few MB");
    }

    [Fact]
    public async Task Only_files_of_the_page_are_served()
    {
        var client = fixture.App.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/web/..%2Fappsettings.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/web/nothing.js")).StatusCode);
    }

    [Fact]
    public async Task Page_shows_the_bureaus_name_address_hotline_hours_and_privacy_notice_from_settings()
    {
        await using var app = new ChannelTestApp(new Dictionary<string, string?>
        {
            ["Bureau:Name"] = "青山区信访局",
            ["Bureau:Address"] = "青山区建设路18号 <信访接待大厅>",
            ["Bureau:Hotline"] = "027-86812345",
            ["Bureau:OfficeHours"] = "工作日 8:30—12:00，14:00—17:30",
            ["Bureau:PrivacyNotice"] = "您的信息仅用于办理信访事项。\n身份证号码加密保存。",
        });
        var html = await app.CreateClient().GetStringAsync("/");

        Assert.Contains("<title>青山区信访局 · 网上信访", html);
        Assert.Contains("青山区建设路18号 &lt;信访接待大厅&gt;", html);
        Assert.Contains("<a href=\"tel:027-86812345\">027-86812345</a>", html);
        Assert.Contains("工作日 8:30—12:00，14:00—17:30", html);
        Assert.Contains("个人信息保护告知", html);
        Assert.Contains("<p>您的信息仅用于办理信访事项。</p><p>身份证号码加密保存。</p>", html);
        Assert.DoesNotContain("{{", html);
        Assert.DoesNotContain("默认值", html);
    }

    [Fact]
    public async Task Without_settings_the_contact_details_say_they_are_defaults_and_the_name_is_the_forms_one()
    {
        var html = await fixture.App.CreateClient().GetStringAsync("/");

        Assert.Contains("区信访局", html);
        Assert.Contains("（默认值，请设置 Bureau:Address）", html);
        Assert.Contains("请设置 Bureau:Hotline", html);
        Assert.Contains("个人信息保护法", html);
    }

    [Fact]
    public async Task A_hotline_that_is_not_a_telephone_number_stops_the_start_naming_the_setting()
    {
        await using var app = new ChannelTestApp(new Dictionary<string, string?> { ["Bureau:Hotline"] = "call us" });
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("Bureau:Hotline must be a telephone number", error.ToString());
    }

    [Fact]
    public async Task The_page_has_a_favicon()
    {
        var client = fixture.App.CreateClient();
        var html = await client.GetStringAsync("/");
        var icon = await client.GetAsync("/web/favicon.svg");

        Assert.Contains("<link rel=\"icon\" href=\"/web/favicon.svg\"", html);
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
    }
}
