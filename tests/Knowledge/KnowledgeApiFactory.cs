using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Knowledge;

/// <summary>The real bot with the shipped guide pack plus the fixture statute.</summary>
public sealed class KnowledgeApiFactory : TestApp
{
    public KnowledgeApiFactory() : base(db: Db.Sqlite)
    {
        Settings["Knowledge:CorpusPaths:0"] = Path.Combine(AppContext.BaseDirectory, "Fixtures", "corpus");
    }

    /// <summary>A client once /healthz says the index is open.</summary>
    public async Task<HttpClient> ReadyClientAsync()
    {
        var client = CreateClient();
        await WaitUntilReadyAsync(client);
        return client;
    }
}
