using System.Net;

namespace PetitionBot.Tests.BotFramework;

/// <summary>Without MicrosoftAppId (local Bot Framework Emulator) auth is off, but only loopback is answered.</summary>
public sealed class EmulatorFixture() : BotFrameworkFixture(null, new Dictionary<string, string?> { ["BotFramework:MicrosoftAppId"] = "" });

public class EmulatorModeTests(EmulatorFixture bot) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Emulator_on_this_machine_is_answered_without_tokens()
    {
        var activity = bot.Message("你好", channelId: "emulator");

        var response = await bot.PostAsync(activity, token: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(bot.Cloud.CallsFor(activity.Conversation()));
        Assert.Equal("", call.Authorization);
    }

    [Fact]
    public async Task Remote_serviceUrl_is_refused_when_auth_is_off()
    {
        var activity = bot.Message("你好");
        activity["serviceUrl"] = "https://smba.trafficmanager.net/apis/";

        var response = await bot.PostAsync(activity, token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(bot.App.Engine.From(activity.User()));
    }
}
