using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Conversation;

using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.BotFramework;

/// <summary>
/// The real bot pipeline with a real SQLite file in a temp folder, the scripted engine (unless the real one is asked
/// for), and optional Kestrel on 127.0.0.1 for a browser.
/// </summary>
public sealed class ChannelTestApp : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly TimeProvider? _time;
    private readonly bool _realEngine;
    private readonly Action<IServiceCollection>? _services;

    public ChannelTestApp(
        IReadOnlyDictionary<string, string?>? settings = null,
        TimeProvider? time = null,
        bool realEngine = false,
        bool kestrel = false,
        TestDatabase? database = null,
        Action<IServiceCollection>? services = null)
    {
        _services = services;
        _settings = settings ?? new Dictionary<string, string?>();
        _time = time;
        _realEngine = realEngine;
        // A restarted app reopens the first one's database; otherwise a fresh one (PostgreSQL when the run asks for it).
        Database = database ?? TestDatabase.Create(TestDatabase.DefaultKind);
        if (kestrel) UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public TestDatabase Database { get; }
    public FakeEngine Engine { get; } = new();

    /// <summary>Starts Kestrel and returns its address (http://127.0.0.1:port).</summary>
    public string StartKestrel()
    {
        StartServer();
        return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    /// <summary>Settings for a bot whose Bot Framework partners are the given loopback fakes.</summary>
    public static Dictionary<string, string?> BotFrameworkSettings(FakeBotFrameworkCloud cloud) => new()
    {
        ["BotFramework:MicrosoftAppId"] = FakeBotFrameworkCloud.AppId,
        ["BotFramework:MicrosoftAppPassword"] = FakeBotFrameworkCloud.AppPassword,
        ["BotFramework:OpenIdMetadataUrl"] = cloud.MetadataUrl,
        ["BotFramework:TokenEndpoint"] = cloud.TokenEndpoint,
        ["BotFramework:Resilience:Retry:Delay"] = "00:00:00.010",
        ["BotFramework:Resilience:Retry:UseJitter"] = "false",
        // The fake cloud listens on loopback.
        ["BotFramework:AllowPrivateServiceUrls"] = "true",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Petitions", Database.ConnectionString);
        builder.UseSetting("Database:Provider", Database.Provider);
        builder.UseSetting("Knowledge:IndexPath", PetitionBot.Tests.Support.SharedIndex.Folder);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            if (!_realEngine) services.AddSingleton<IConversationEngine>(Engine);
            if (_time is not null) services.AddSingleton(_time);
            _services?.Invoke(services);
        });
    }

    /// <summary>Leave the database behind on dispose, so a second app can reopen it ("restart").</summary>
    public bool KeepDatabase { get; set; }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (KeepDatabase) return;
        await Database.DisposeAsync();
    }
}
