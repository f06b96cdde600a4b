using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PetitionBot.Tests.BotFramework;

/// <summary>The fake Bot Framework cloud and a bot configured against it, shared by the tests of a class.</summary>
public class BotFrameworkFixture : IAsyncLifetime
{
    private readonly TimeProvider? _time;
    private readonly IReadOnlyDictionary<string, string?>? _extraSettings;

    public BotFrameworkFixture() : this(null, null) { }

    protected BotFrameworkFixture(TimeProvider? time, IReadOnlyDictionary<string, string?>? extraSettings)
    {
        _time = time;
        _extraSettings = extraSettings;
    }

    public FakeBotFrameworkCloud Cloud { get; private set; } = null!;
    public ChannelTestApp App { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cloud = await FakeBotFrameworkCloud.StartAsync();
        var settings = ChannelTestApp.BotFrameworkSettings(Cloud);
        foreach (var (key, value) in _extraSettings ?? new Dictionary<string, string?>()) settings[key] = value;
        App = new ChannelTestApp(settings, _time);
        Client = App.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Cloud.DisposeAsync();
    }

    /// <summary>A message activity as a channel sends it, in a fresh conversation of a fresh user.</summary>
    public JsonObject Message(string text, string channelId = "webchat")
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        return new JsonObject
        {
            ["type"] = "message",
            ["id"] = $"act-{id}",
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["serviceUrl"] = Cloud.ServiceUrl,
            ["channelId"] = channelId,
            ["from"] = new JsonObject { ["id"] = $"user-{id}", ["name"] = "张三" },
            ["conversation"] = new JsonObject { ["id"] = $"conv-{id}" },
            ["recipient"] = new JsonObject { ["id"] = "28:bot", ["name"] = "信访助手" },
            ["text"] = text,
            ["locale"] = "zh-CN",
        };
    }

    public Task<HttpResponseMessage> PostAsync(JsonObject activity, string? token) =>
        PostAsync(activity, token is null ? null : new AuthenticationHeaderValue("Bearer", token));

    public async Task<HttpResponseMessage> PostAsync(JsonObject activity, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = JsonContent.Create(activity),
        };
        request.Headers.Authorization = authorization;
        return await Client.SendAsync(request);
    }

    /// <summary>Posts the activity with a valid token for its serviceUrl.</summary>
    public Task<HttpResponseMessage> PostSignedAsync(JsonObject activity) =>
        PostAsync(activity, Cloud.CreateToken(activity["serviceUrl"]!.GetValue<string>()));
}

public static class ActivityExtensions
{
    public static string Conversation(this JsonObject activity) => activity["conversation"]!["id"]!.GetValue<string>();
    public static string User(this JsonObject activity) => activity["from"]!["id"]!.GetValue<string>();
    public static string Id(this JsonObject activity) => activity["id"]!.GetValue<string>();
    public static string? Str(this JsonNode? node, string name) => node?[name]?.GetValue<string>();
}
