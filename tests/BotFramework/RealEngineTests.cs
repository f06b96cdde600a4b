using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PetitionBot.Bot.Conversation;

namespace PetitionBot.Tests.BotFramework;

/// <summary>The Bot Framework channel through the bot's own engine registration, no fake engine.</summary>
public sealed class RealEngineFixture : IAsyncLifetime
{
    public FakeBotFrameworkCloud Cloud { get; private set; } = null!;
    public ChannelTestApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cloud = await FakeBotFrameworkCloud.StartAsync();
        App = new ChannelTestApp(ChannelTestApp.BotFrameworkSettings(Cloud), realEngine: true);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Cloud.DisposeAsync();
    }
}

public class RealEngineTests(RealEngineFixture fixture) : IClassFixture<RealEngineFixture>
{
    [Fact]
    public async Task New_member_is_welcomed_by_the_real_engine_through_the_connector()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var activity = new JsonObject
        {
            ["type"] = "conversationUpdate",
            ["id"] = $"act-{id}",
            ["serviceUrl"] = fixture.Cloud.ServiceUrl,
            ["channelId"] = "webchat",
            ["from"] = new JsonObject { ["id"] = $"user-{id}" },
            ["conversation"] = new JsonObject { ["id"] = $"conv-{id}" },
            ["recipient"] = new JsonObject { ["id"] = "28:bot" },
            ["membersAdded"] = new JsonArray(new JsonObject { ["id"] = $"user-{id}" }),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
        request.Headers.Authorization = new("Bearer", fixture.Cloud.CreateToken(fixture.Cloud.ServiceUrl));

        var response = await fixture.App.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var calls = fixture.Cloud.CallsFor($"conv-{id}");
        Assert.NotEmpty(calls);
        Assert.All(calls, c => Assert.Equal($"act-{id}", c.ReplyToId));
        Assert.Contains(calls, c => c.Type == "message" && !string.IsNullOrWhiteSpace(c.Text));
    }
}
