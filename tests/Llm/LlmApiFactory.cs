using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Llm;

namespace PetitionBot.Tests.Llm;

/// <summary>The real bot (shipped guide pack plus the fixture statute) pointed at a <see cref="FakeChatServer"/>.</summary>
public sealed class LlmApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1.5);

    private readonly string _data = Directory.CreateTempSubdirectory("petitionbot-llm-").FullName;

    public FakeChatServer Model { get; private set; } = null!;

    public async Task InitializeAsync() => Model = await FakeChatServer.StartAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Knowledge:IndexPath", PetitionBot.Tests.Support.SharedIndex.Folder);
        builder.UseSetting("Knowledge:CorpusPaths:0", Path.Combine(AppContext.BaseDirectory, "Fixtures", "corpus"));
        builder.UseSetting("ConnectionStrings:Petitions", $"Data Source={Path.Combine(_data, "bot.db")}");
        builder.UseSetting("Llm:Provider", "OpenAI");
        builder.UseSetting("Llm:Endpoint", Model.Endpoint);
        builder.UseSetting("Llm:ApiKey", "test-key");
        builder.UseSetting("Llm:Model", "test-model");
        builder.UseSetting("Llm:Timeout", Timeout.ToString());
    }

    /// <summary>A client once /healthz says the index is open, with a closed circuit breaker and no recorded requests.</summary>
    public async Task<HttpClient> ReadyClientAsync()
    {
        var client = CreateClient();
        for (var i = 0; i < 300 && !(await client.GetAsync("/healthz")).IsSuccessStatusCode; i++) await Task.Delay(100);
        Services.GetRequiredService<LlmCircuitBreaker>().Succeeded();
        Model.Requests.Clear();
        return client;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Model.DisposeAsync();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }
}
