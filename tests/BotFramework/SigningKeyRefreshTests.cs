using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace PetitionBot.Tests.BotFramework;

/// <summary>Unknown kids refetch the OpenID metadata, but not more than every five minutes.</summary>
public sealed class SigningKeyRefreshTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time;
    private readonly BotFrameworkFixture _bot;

    public SigningKeyRefreshTests()
    {
        _time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _bot = new ClockFixture(_time);
    }

    public Task InitializeAsync() => _bot.InitializeAsync();

    public Task DisposeAsync() => _bot.DisposeAsync();

    [Fact]
    public async Task Rotated_key_is_accepted_once_five_minutes_have_passed_since_the_last_fetch()
    {
        var client = _bot.Client;
        Assert.Equal(HttpStatusCode.OK, (await Post(client, _bot.Cloud.Key)).StatusCode);
        var rotated = _bot.Cloud.Publish("key-rotated", "webchat");

        var tooSoon = await Post(client, rotated);
        var fetchesBefore = _bot.Cloud.MetadataFetches;
        _time.Advance(TimeSpan.FromMinutes(6));
        var later = await Post(client, rotated);

        Assert.Equal(HttpStatusCode.Unauthorized, tooSoon.StatusCode);
        Assert.Equal(1, fetchesBefore);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Equal(2, _bot.Cloud.MetadataFetches);
    }

    [Fact]
    public async Task Many_unknown_keys_do_not_hammer_the_metadata_endpoint()
    {
        var client = _bot.Client;
        Assert.Equal(HttpStatusCode.OK, (await Post(client, _bot.Cloud.Key)).StatusCode);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await Post(client, FakeBotFrameworkCloud.Unpublished($"forged-{i}"))).StatusCode);
        }

        Assert.Equal(1, _bot.Cloud.MetadataFetches);
    }

    private async Task<HttpResponseMessage> Post(HttpClient client, FakeBotFrameworkCloud.SigningKey key)
    {
        var activity = _bot.Message("你好");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = System.Net.Http.Json.JsonContent.Create(activity),
        };
        request.Headers.Authorization = new("Bearer", _bot.Cloud.CreateToken(_bot.Cloud.ServiceUrl, key, expires: _time.GetUtcNow().UtcDateTime.AddHours(1)));
        return await client.SendAsync(request);
    }
}

internal sealed class ClockFixture(TimeProvider time) : BotFrameworkFixture(time, null);
