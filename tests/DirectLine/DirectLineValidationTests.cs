using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Channels.Web.DirectLine;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.DirectLine;

/// <summary>Malformed activities get 400 with a reason and are never stored; one address cannot flood the chat.</summary>
public class DirectLineValidationTests
{
    [Theory]
    [InlineData("""{"type":"message","text":{"a":1}}""", "text 应为文字")]
    [InlineData("""{"type":"message","text":12}""", "text 应为文字")]
    [InlineData("""{"type":"message","text":"你好","channelData":"x"}""", "channelData 应为对象")]
    [InlineData("""{"type":"message","text":"你好","channelData":{"clientActivityID":5}}""", "clientActivityID")]
    [InlineData("""{"type":"message","text":"你好","attachments":{}}""", "attachments 应为数组")]
    [InlineData("""[1,2]""", "带 type 的活动")]
    public async Task A_malformed_field_is_refused_and_nothing_is_stored(string json, string reason)
    {
        await using var host = BotHost.Start();
        var client = await StartedAsync(host);
        var before = await CountAsync(host);

        var response = await PostRawAsync(host, client, Encoding.UTF8.GetBytes(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await CountAsync(host));
    }

    [Fact]
    public async Task Invalid_utf8_is_refused_and_nothing_is_stored()
    {
        await using var host = BotHost.Start();
        var client = await StartedAsync(host);
        var before = await CountAsync(host);
        var bytes = Encoding.UTF8.GetBytes("""{"type":"message","text":"AB"}""");
        bytes[^3] = 0xC3; // a lead byte followed by an ASCII letter
        bytes[^4] = 0xFF;

        var response = await PostRawAsync(host, client, bytes);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await CountAsync(host));
    }

    [Fact]
    public async Task One_address_posting_too_fast_gets_429()
    {
        await using var host = BotHost.Start(options: new BotHostOptions
        {
            Settings = new Dictionary<string, string?> { ["DirectLine:ActivitiesPerMinute"] = "3" },
        });
        var client = await StartedAsync(host);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) statuses.Add((await client.SayAsync("你好")).StatusCode);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    private static async Task<DirectLineClient> StartedAsync(BotHost host)
    {
        var client = new DirectLineClient(host.Client);
        (await client.GenerateAsync()).EnsureSuccessStatusCode();
        (await client.StartAsync()).EnsureSuccessStatusCode();
        return client;
    }

    private static async Task<HttpResponseMessage> PostRawAsync(BotHost host, DirectLineClient client, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{client.ConversationId}/activities")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", client.Token);
        return await host.Client.SendAsync(request);
    }

    private static Task<int> CountAsync(BotHost host) =>
        host.WithScopeAsync(sp => sp.GetRequiredService<Bot.Data.PetitionDbContext>().Set<DirectLineActivity>().CountAsync());
}
