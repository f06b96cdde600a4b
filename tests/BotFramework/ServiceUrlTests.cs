using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.BotFramework;

/// <summary>With an AppId and private serviceUrls not allowed (the shipped default).</summary>
public sealed class PublicOnlyFixture() : BotFrameworkFixture(null, new Dictionary<string, string?> { ["BotFramework:AllowPrivateServiceUrls"] = "false" });

/// <summary>The bot never posts to loopback or private addresses named in an activity.</summary>
public class ServiceUrlTests(PublicOnlyFixture bot) : IClassFixture<PublicOnlyFixture>
{
    [Theory]
    [InlineData("http://127.0.0.1:5432/")]
    [InlineData("http://localhost/")]
    [InlineData("http://127.1/")]
    [InlineData("http://2130706433/")]
    [InlineData("http://[::1]/")]
    [InlineData("https://10.0.0.5/")]
    [InlineData("https://192.168.1.1/")]
    [InlineData("https://169.254.169.254/")]
    public async Task A_signed_activity_naming_a_private_serviceUrl_is_refused(string serviceUrl)
    {
        var activity = bot.Message("你好");
        activity["serviceUrl"] = serviceUrl;

        var response = await bot.PostAsync(activity, bot.Cloud.CreateToken(serviceUrl));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(bot.App.Engine.From(activity.User()));
        Assert.Empty(bot.Cloud.CallsFor(activity.Conversation()));
    }
}

/// <summary>Without an AppId outside Development: /api/messages answers nobody, and the log says why at start.</summary>
public class EmulatorOutsideDevelopmentTests
{
    [Fact]
    public async Task Loopback_emulator_traffic_is_refused_in_production_with_a_start_up_error()
    {
        await using var cloud = await FakeBotFrameworkCloud.StartAsync();
        var logs = new CollectingLoggerProvider();
        await using var app = new ChannelTestApp(new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["PersonalData:Key"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 7)).ToArray()),
            ["BotFramework:MicrosoftAppId"] = "",
        }, services: s => s.AddSingleton<ILoggerProvider>(logs));
        var id = Guid.NewGuid().ToString("N")[..12];
        var activity = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "message", ["id"] = $"act-{id}", ["serviceUrl"] = cloud.ServiceUrl, ["channelId"] = "emulator",
            ["from"] = new System.Text.Json.Nodes.JsonObject { ["id"] = $"user-{id}" },
            ["conversation"] = new System.Text.Json.Nodes.JsonObject { ["id"] = $"conv-{id}" },
            ["recipient"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "bot" }, ["text"] = "你好",
        };

        var response = await app.CreateClient().PostAsync("/api/messages", System.Net.Http.Json.JsonContent.Create(activity));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(cloud.CallsFor($"conv-{id}"));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Text.Contains("BotFramework:MicrosoftAppId is empty"));
    }
}
