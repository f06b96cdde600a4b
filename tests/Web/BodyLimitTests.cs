using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PetitionBot.Tests.BotFramework;
using PetitionBot.Tests.Support;
using PetitionBot.Tests.DirectLine;

namespace PetitionBot.Tests.Web;

/// <summary>Bodies larger than an endpoint needs are refused with 413 before they are read or parsed.</summary>
public class BodyLimitTests(BotFrameworkFixture bot) : IClassFixture<BotFrameworkFixture>
{
    private static string Json(int kilobytes) => $$"""{"user":"web-bodylimit","text":"{{new string('字', kilobytes * 1024 / 3)}}"}""";

    [Fact]
    public async Task Chat_and_ask_refuse_a_body_of_tens_of_kilobytes_in_chinese()
    {
        await using var host = BotHost.Start(options: new BotHostOptions { FakeKnowledge = true });

        var chat = await host.Client.PostAsync("/api/chat", new StringContent(Json(40), Encoding.UTF8, "application/json"));
        var ask = await host.Client.PostAsync("/api/ask", new StringContent(Json(100).Replace("\"text\"", "\"question\""), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chat.StatusCode);
        Assert.Contains("请求内容超过了 16 KB 的上限", await chat.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, ask.StatusCode);
        // A message of ordinary length still goes through.
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsJsonAsync("/api/chat", new { user = "web-bodylimit", text = "你好" })).StatusCode);
    }

    [Fact]
    public async Task A_body_without_a_length_is_cut_off_at_the_limit()
    {
        await using var host = BotHost.Start();
        var content = new UnknownLengthContent(Encoding.UTF8.GetBytes(Json(40)));
        Assert.Null(content.Headers.ContentLength);

        var response = await host.Client.PostAsync("/api/chat", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Direct_line_refuses_an_activity_of_hundreds_of_kilobytes()
    {
        await using var host = BotHost.Start();
        var client = new DirectLineClient(host.Client);
        await client.GenerateAsync();
        await client.StartAsync();

        var response = await client.PostActivityAsync(new JsonObject { ["type"] = "message", ["text"] = new string('a', 200 * 1024) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("上限", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bot_framework_checks_the_token_before_it_parses_the_body()
    {
        using var garbage = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent("{not json", Encoding.UTF8, "application/json") };
        var unauthenticated = await bot.Client.SendAsync(garbage);

        var huge = bot.Message(new string('a', 300 * 1024));
        var tooLarge = await bot.PostSignedAsync(huge);

        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Empty(bot.Cloud.CallsFor(huge.Conversation()));
    }
}

/// <summary>A body sent without Content-Length (chunked), as a client that hides its size would.</summary>
internal sealed class UnknownLengthContent : HttpContent
{
    private readonly byte[] _bytes;

    public UnknownLengthContent(byte[] bytes)
    {
        _bytes = bytes;
        Headers.ContentType = new("application/json");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}

/// <summary>The same limits through Kestrel, whose own body-size count runs alongside ours.</summary>
public class BodyLimitKestrelTests
{
    [Fact]
    public async Task A_chunked_body_over_the_limit_gets_413_not_500_from_kestrel()
    {
        await using var app = new ChannelTestApp(kestrel: true);
        using var http = new HttpClient { BaseAddress = new Uri(app.StartKestrel()) };
        var json = $$"""{"user":"web-bodylimit","text":"{{new string('a', 300 * 1024)}}"}""";

        var chat = await http.PostAsync("/api/chat", new UnknownLengthContent(Encoding.UTF8.GetBytes(json)));
        var messages = await http.PostAsync("/api/messages", new UnknownLengthContent(new byte[2 * 1024 * 1024]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chat.StatusCode);
        Assert.Contains("上限", await chat.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, messages.StatusCode);
    }
}
