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
}
