using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Llm;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Llm;

/// <summary>The real bot (shipped guide pack plus the fixture statute) pointed at a <see cref="FakeChatServer"/>.</summary>
public sealed class LlmApiFactory : TestApp, IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1.5);

    public LlmApiFactory() : base(db: Db.Sqlite)
    {
        Settings["Knowledge:CorpusPaths:0"] = Path.Combine(AppContext.BaseDirectory, "Fixtures", "corpus");
        Settings["Llm:ApiKey"] = "test-key";
        Settings["Llm:Timeout"] = Timeout.ToString();
    }

    public FakeChatServer Model { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Model = await FakeChatServer.StartAsync();
        Model.Configure(Settings);
    }

    /// <summary>A client once /healthz says the index is open, with a closed circuit breaker and no recorded requests.</summary>
    public async Task<HttpClient> ReadyClientAsync()
    {
        var client = CreateClient();
        await TestApp.WaitUntilReadyAsync(client);
        Services.GetRequiredService<LlmCircuitBreaker>().Succeeded();
        Model.Requests.Clear();
        return client;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Model.DisposeAsync();
    }
}
