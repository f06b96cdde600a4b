using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using PetitionBot.Bot.Data;
using PetitionBot.Knowledge;

namespace PetitionBot.Tests.Support;

/// <summary>Options for a bot started in a test.</summary>
public sealed record BotHostOptions
{
    public bool FakeKnowledge { get; init; }
    public Action<IServiceCollection>? Services { get; init; }
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
}

/// <summary>
/// The real bot (a <see cref="TestApp"/>) on a throw-away database with a controllable clock. Restart() starts a
/// new process-equivalent on the same database, as after the bot was killed between two turns.
/// </summary>
public sealed class BotHost : IAsyncDisposable
{
    /// <summary>10:00 in Asia/Shanghai on 2026-11-25, so the first tracking number is XF20261125-0001.</summary>
    public static readonly DateTimeOffset StartTime = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    private readonly BotHostOptions _options;
    private TestApp _factory;
    private readonly bool _ownsDatabase;

    private BotHost(TestDatabase database, BotHostOptions options, FakeTimeProvider time, bool ownsDatabase, FakeChatServer? model = null)
    {
        Database = database;
        _options = options;
        Time = time;
        _ownsDatabase = ownsDatabase;
        Model = model;
        FakeKnowledge = options.FakeKnowledge ? new FakeKnowledgeBase() : null;
        _factory = CreateFactory();
        Client = _factory.CreateClient();
    }

    public TestDatabase Database { get; }
    public FakeTimeProvider Time { get; }
    public FakeKnowledgeBase? FakeKnowledge { get; }
    /// <summary>The bot's language model, when started with <see cref="StartWithModelAsync"/>.</summary>
    public FakeChatServer? Model { get; }
    public HttpClient Client { get; private set; }
    public IServiceProvider Services => _factory.Services;

    public static BotHost Start(Db db = Db.Sqlite, BotHostOptions? options = null) =>
        new(TestDatabase.Create(db), options ?? new BotHostOptions(), new FakeTimeProvider(StartTime), ownsDatabase: true);

    /// <summary>
    /// A bot whose language model is a <see cref="FakeChatServer"/> of its own (stopped with the bot), returned once
    /// /healthz says the index is open. <paramref name="options"/> settings come after the model's (Llm:Timeout, say).
    /// </summary>
    public static async Task<BotHost> StartWithModelAsync(BotHostOptions? options = null)
    {
        var model = await FakeChatServer.StartAsync();
        try
        {
            var host = new BotHost(TestDatabase.Create(Db.Sqlite), options ?? new BotHostOptions(), new FakeTimeProvider(StartTime), ownsDatabase: true, model);
            await TestApp.WaitUntilReadyAsync(host.Client);
            return host;
        }
        catch
        {
            await model.DisposeAsync();
            throw;
        }
    }

    /// <summary>A bot on an existing database (one restored from a backup, say), dropped on dispose.</summary>
    public static BotHost Open(TestDatabase database, BotHostOptions? options = null) =>
        new(database, options ?? new BotHostOptions(), new FakeTimeProvider(StartTime), ownsDatabase: true);

    /// <summary>A second bot instance on the same database (as with several instances behind a load balancer).</summary>
    public BotHost SecondInstance() => new(Database, _options, Time, ownsDatabase: false, Model);

    /// <summary>Stops the bot and starts it again on the same database.</summary>
    public async Task RestartAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        _factory = CreateFactory();
        Client = _factory.CreateClient();
    }

    public async Task<ChatResult> SayAsync(string user, string text, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat") { Content = JsonContent.Create(new { user, text }) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST /api/chat answered {(int)response.StatusCode}: {body}");
        return ChatResult.Parse(body);
    }

    /// <summary>Runs code against the bot's database in a fresh scope (for arranging what a clerk would do).</summary>
    public async Task WithDbAsync(Func<PetitionDbContext, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<PetitionDbContext>());
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private TestApp CreateFactory()
    {
        var app = new TestApp(Database, Time, services: services =>
        {
            if (FakeKnowledge is not null)
            {
                services.RemoveAll<IKnowledgeBase>();
                services.AddSingleton<IKnowledgeBase>(FakeKnowledge);
            }
            _options.Services?.Invoke(services);
        });
        app.Settings["Outbox:Enabled"] = "false";
        Model?.Configure(app.Settings);
        foreach (var (key, value) in _options.Settings) app.Settings[key] = value;
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        // The first instance owns what its second instances share.
        if (!_ownsDatabase) return;
        await Database.DisposeAsync();
        if (Model is not null) await Model.DisposeAsync();
    }
}

/// <summary>The replies of one POST /api/chat, as the web page would see them.</summary>
public sealed record ChatResult(IReadOnlyList<ChatBubble> Replies, string Json)
{
    public static ChatResult Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var replies = doc.RootElement.GetProperty("replies").EnumerateArray().Select(r => new ChatBubble(
            r.GetProperty("text").GetString()!,
            r.GetProperty("choices").EnumerateArray().Select(c => c.GetString()!).ToList(),
            r.TryGetProperty("cards", out var cards)
                ? cards.EnumerateArray().Select(c => new ChatCardView(c.GetProperty("title").GetString()!, c.GetProperty("text").GetString()!)).ToList()
                : [])).ToList();
        return new ChatResult(replies, json);
    }

    public string AllText => string.Join("\n", Replies.Select(r => r.Text));

    public override string ToString() => string.Join("\n", Replies.Select(r => r.ToString()));
}

public sealed record ChatBubble(string Text, IReadOnlyList<string> Choices, IReadOnlyList<ChatCardView> Cards)
{
    public override string ToString() =>
        "机器人: " + Text.Replace("\n", "⏎") +
        (Choices.Count > 0 ? "\n  选项: " + string.Join(" | ", Choices) : "") +
        string.Concat(Cards.Select(c => "\n  卡片: " + c.Title));
}

public sealed record ChatCardView(string Title, string Text);
