using System.Net;
using System.Text.Json.Nodes;

namespace PetitionBot.Tests.BotFramework;

/// <summary>Inbound auth of /api/messages against a loopback OpenID metadata/JWKS with keys made here.</summary>
public class ConnectorAuthenticationTests(BotFrameworkFixture bot) : IClassFixture<BotFrameworkFixture>
{
    [Fact]
    public async Task Signed_message_gets_a_reply_in_its_conversation_answering_it()
    {
        var activity = bot.Message("你好");

        var response = await bot.PostSignedAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(bot.Cloud.CallsFor(activity.Conversation()));
        Assert.Equal(activity.Id(), call.ReplyToId);
        Assert.Equal("message", call.Type);
        Assert.Equal("您问的是：你好", call.Text);
        Assert.Equal(activity.Conversation(), call.Activity["conversation"].Str("id"));
        Assert.Equal(activity.Id(), call.Activity.Str("replyToId"));
        Assert.Equal(activity.User(), call.Activity["recipient"].Str("id"));
        Assert.Equal("28:bot", call.Activity["from"].Str("id"));
        Assert.Equal("zh-CN", call.Activity.Str("locale"));
        Assert.StartsWith("Bearer connector-token-", call.Authorization);
    }

    [Theory]
    [InlineData("no token")]
    [InlineData("wrong audience")]
    [InlineData("untrusted issuer")]
    [InlineData("expired")]
    [InlineData("unknown key")]
    [InlineData("serviceurl mismatch")]
    [InlineData("key not endorsed for the channel")]
    [InlineData("tampered payload")]
    [InlineData("not a jwt")]
    public async Task Bad_token_is_refused_and_nothing_is_sent(string problem)
    {
        var activity = bot.Message("你好");
        var serviceUrl = bot.Cloud.ServiceUrl;
        var token = problem switch
        {
            "no token" => null,
            "wrong audience" => bot.Cloud.CreateToken(serviceUrl, audience: "another-bot"),
            "untrusted issuer" => bot.Cloud.CreateToken(serviceUrl, issuer: "https://sts.example.com/"),
            "expired" => bot.Cloud.CreateToken(serviceUrl, expires: DateTime.UtcNow.AddMinutes(-6)),
            "unknown key" => bot.Cloud.CreateToken(serviceUrl, key: FakeBotFrameworkCloud.Unpublished("key-x")),
            "serviceurl mismatch" => bot.Cloud.CreateToken("https://smba.trafficmanager.net/apis/"),
            "key not endorsed for the channel" => bot.Cloud.CreateToken(serviceUrl, key: bot.Cloud.TeamsOnlyKey),
            "tampered payload" => Tamper(bot.Cloud.CreateToken(serviceUrl, audience: "another-bot")),
            "not a jwt" => "not-a-token",
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };

        var response = await bot.PostAsync(activity, token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(bot.Cloud.CallsFor(activity.Conversation()));
        Assert.Empty(bot.App.Engine.From(activity.User()));
    }

    [Fact]
    public async Task Token_expired_less_than_five_minutes_ago_is_still_accepted()
    {
        var activity = bot.Message("你好");

        var response = await bot.PostAsync(activity, bot.Cloud.CreateToken(bot.Cloud.ServiceUrl, expires: DateTime.UtcNow.AddMinutes(-3)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(bot.Cloud.CallsFor(activity.Conversation()));
    }

    [Fact]
    public async Task Key_endorsed_for_the_channel_is_accepted()
    {
        var activity = bot.Message("你好", channelId: "msteams");

        var response = await bot.PostAsync(activity, bot.Cloud.CreateToken(bot.Cloud.ServiceUrl, key: bot.Cloud.TeamsOnlyKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(bot.Cloud.CallsFor(activity.Conversation()));
    }

    [Fact]
    public async Task Activity_whose_serviceUrl_differs_from_the_token_is_refused()
    {
        // A token for the real connector cannot be replayed to make the bot call another host.
        var activity = bot.Message("你好");
        var token = bot.Cloud.CreateToken(bot.Cloud.ServiceUrl);
        activity["serviceUrl"] = "http://127.0.0.2:9/";

        var response = await bot.PostAsync(activity, token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(bot.Cloud.CallsFor(activity.Conversation()));
    }

    // Swaps the payload of a token for another one, keeping the original signature.
    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        payload["aud"] = FakeBotFrameworkCloud.AppId;
        parts[1] = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload.ToJsonString());
        return string.Join('.', parts);
    }
}
