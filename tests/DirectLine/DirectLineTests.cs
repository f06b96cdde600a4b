using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PetitionBot.Bot.Notifications;
using PetitionBot.Tests.BotFramework;

using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.DirectLine;

public sealed class DirectLineFixture : IAsyncLifetime
{
    public ChannelTestApp App { get; } = new(new Dictionary<string, string?> { ["DirectLine:TokenBurst"] = "1000", ["DirectLine:ActivitiesPerMinute"] = "10000" });

    public DirectLineClient NewClient() => new(App.CreateClient());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>The Direct Line 3.0-compatible endpoint as Web Chat uses it.</summary>
public class DirectLineTests(DirectLineFixture fixture) : IClassFixture<DirectLineFixture>
{
    [Fact]
    public async Task New_conversation_starts_with_a_welcome_and_the_menu()
    {
        var client = fixture.NewClient();
        await client.GenerateAsync();

        var started = await client.StartAsync();
        var activities = await client.PollAsync();

        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var body = await started.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(client.ConversationId, body.Str("conversationId"));
        var welcome = Assert.Single(activities);
        Assert.Equal("您好，我是信访助手。请选择您要办理的事项：", welcome.Str("text"));
        Assert.Equal("bot", welcome["from"].Str("role"));
        Assert.Equal(FakeEngine.Menu, welcome["suggestedActions"]!["actions"]!.AsArray().Select(a => a.Str("value")));
    }

    [Fact]
    public async Task Reconnecting_does_not_greet_twice()
    {
        var client = fixture.NewClient();
        await client.GenerateAsync();
        await client.StartAsync();
        await client.StartAsync();

        Assert.Single(await client.PollAsync());
    }

    [Fact]
    public async Task Message_is_echoed_and_answered_and_the_watermark_moves_on()
    {
        var client = fixture.NewClient();
        await client.GenerateAsync();
        await client.StartAsync();
        await client.PollAsync();

        var posted = await client.SayAsync("你好", clientActivityId: "client-1");
        var activities = await client.PollAsync();
        var again = await client.PollAsync();

        var id = (await posted.Content.ReadFromJsonAsync<JsonObject>()).Str("id");
        Assert.Equal(2, activities.Length);
        var (echo, reply) = (activities[0], activities[1]);
        Assert.Equal(id, echo.Str("id"));
        Assert.Equal("client-1", echo["channelData"].Str("clientActivityID"));
        Assert.Equal("user", echo["from"].Str("role"));
        Assert.StartsWith("dl_", echo["from"].Str("id"));
        Assert.NotEqual("dl_pretender", echo["from"].Str("id"));
        Assert.Equal("您问的是：你好", reply.Str("text"));
        Assert.Equal(id, reply.Str("replyToId"));
        Assert.Empty(again);
    }

    [Fact]
    public async Task The_engine_hears_the_user_named_in_the_token_on_channel_directline()
    {
        var client = fixture.NewClient();
        await client.GenerateAsync();
        await client.StartAsync();

        await client.SayAsync("我想咨询");

        var user = (await client.PollAsync()).Last()["recipient"].Str("id")!;
        var heard = Assert.Single(fixture.App.Engine.From(user), m => m.Text == "我想咨询");
        Assert.Equal("directline", heard.Channel);
    }

    [Fact]
    public async Task Resent_activity_is_stored_and_answered_once()
    {
        var client = fixture.NewClient();
        await client.GenerateAsync();
        await client.StartAsync();
        await client.PollAsync();

        var first = await (await client.SayAsync("重复", "same-id")).Content.ReadFromJsonAsync<JsonObject>();
        var second = await (await client.SayAsync("重复", "same-id")).Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(first.Str("id"), second.Str("id"));
        Assert.Equal(2, (await client.PollAsync()).Length);
    }

    [Fact]
    public async Task Token_of_another_conversation_is_forbidden()
    {
        var alice = fixture.NewClient();
        await alice.GenerateAsync();
        var mallory = fixture.NewClient();
        await mallory.GenerateAsync();

        var read = await mallory.GetActivitiesAsync(conversationId: alice.ConversationId);
        var write = await mallory.PostActivityAsync(new JsonObject { ["type"] = "message", ["text"] = "x" }, alice.ConversationId);

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("garbage")]
    [InlineData("tampered")]
    public async Task Forged_or_missing_token_is_unauthorized(string kind)
    {
        var client = fixture.NewClient();
        await client.GenerateAsync();
        var parts = client.Token!.Split('.');
        client.Token = kind switch
        {
            "missing" => null,
            "garbage" => "abc.def.ghi",
            // Same claims, but "conv" pointing elsewhere and the original signature.
            _ => $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(
                Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]).Replace(client.ConversationId!, "someone-else"))}.{parts[2]}",
        };

        var response = await client.GetActivitiesAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Refreshed_token_keeps_the_conversation()
    {
        var client = fixture.NewClient();
        await client.GenerateAsync();
        var old = client.Token;

        var refreshed = await (await client.RefreshAsync()).Content.ReadFromJsonAsync<JsonObject>();
        client.Token = refreshed.Str("token");

        Assert.Equal(client.ConversationId, refreshed.Str("conversationId"));
        Assert.True(refreshed!["expires_in"]!.GetValue<int>() > 0);
        Assert.Equal(HttpStatusCode.OK, (await client.GetActivitiesAsync()).StatusCode);
        Assert.NotNull(old);
    }

    [Fact]
    public async Task Status_notice_appears_in_the_users_conversation()
    {
        var client = fixture.NewClient();
        await client.GenerateAsync();
        await client.StartAsync();
        var user = (await client.PollAsync())[0]["recipient"].Str("id")!;

        await using var scope = fixture.App.Services.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetServices<INotificationSender>().Single(s => s.Channel == "directline");
        var result = await sender.SendAsync(new OutboxMessage
        {
            Channel = "directline", UserId = user, Kind = "status", Text = "您的信访件已受理。", DedupKey = Guid.NewGuid().ToString(),
        }, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Equal("您的信访件已受理。", Assert.Single(await client.PollAsync()).Str("text"));
    }
}

/// <summary>Things that need their own app: a clock to move, a restart, a tight rate limit.</summary>
public class DirectLineLifetimeTests
{
    [Fact]
    public async Task Expired_token_is_forbidden()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new ChannelTestApp(time: time);
        var client = new DirectLineClient(app.CreateClient());
        await client.GenerateAsync();

        time.Advance(TimeSpan.FromMinutes(31));
        var response = await client.GetActivitiesAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Conversation_and_its_token_survive_a_restart()
    {
        var first = new ChannelTestApp { KeepDatabase = true };
        var client = new DirectLineClient(first.CreateClient());
        await client.GenerateAsync();
        await client.StartAsync();
        await client.SayAsync("你好");
        var before = await client.PollAsync();
        await first.DisposeAsync();

        await using var second = new ChannelTestApp(database: first.Database); // the restarted app owns it now
        var again = new DirectLineClient(second.CreateClient()) { Token = client.Token, ConversationId = client.ConversationId };
        var after = await again.PollAsync();

        Assert.Equal(before.Select(a => a.Str("id")), after.Select(a => a.Str("id")));
        Assert.Equal(3, after.Length);
    }

    [Fact]
    public async Task Bursts_of_token_requests_are_limited()
    {
        await using var app = new ChannelTestApp(new Dictionary<string, string?>
        {
            ["DirectLine:TokenBurst"] = "2", ["DirectLine:TokensPerMinute"] = "1",
        });
        var client = new DirectLineClient(app.CreateClient());

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++) statuses.Add((await client.GenerateAsync()).StatusCode);

        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }
}
