using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PetitionBot.Tests.Knowledge;

/// <summary>The real bot with the shipped guide pack plus the fixture statute, in a throw-away data folder.</summary>
public sealed class KnowledgeApiFactory : WebApplicationFactory<Program>
{
    private readonly string _data = Directory.CreateTempSubdirectory("petitionbot-kb-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Knowledge:IndexPath", PetitionBot.Tests.Support.SharedIndex.Folder);
        builder.UseSetting("Knowledge:CorpusPaths:0", Path.Combine(AppContext.BaseDirectory, "Fixtures", "corpus"));
        builder.UseSetting("ConnectionStrings:Petitions", $"Data Source={Path.Combine(_data, "bot.db")}");
    }

    /// <summary>A client once /healthz says the index is open.</summary>
    public async Task<HttpClient> ReadyClientAsync()
    {
        var client = CreateClient();
        for (var i = 0; i < 300; i++)
        {
            if ((await client.GetAsync("/healthz")).IsSuccessStatusCode) return client;
            await Task.Delay(100);
        }
        throw new TimeoutException("The knowledge index did not open.");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }
}
