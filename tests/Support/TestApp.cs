using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PetitionBot.Bot.Conversation;

namespace PetitionBot.Tests.Support;

/// <summary>
/// The one test host: the real bot (Program) on a throw-away database — SQLite, or PostgreSQL when the run asks for it
/// (<see cref="TestDatabase.DefaultKind"/>) — with the shared knowledge index, and as options a clock, the fake engine
/// instead of the real one, extra services and Kestrel on loopback for a browser. Settings are read when the host starts,
/// so a feature's defaults (set by a subclass's constructor) and a test's own (an object initializer) both apply, the
/// test's last. The feature hosts (office, WeChat, channels, knowledge, model) derive from it and add their helpers.
/// </summary>
public class TestApp : WebApplicationFactory<Program>
{
    private readonly TimeProvider? _time;
    private readonly Action<IServiceCollection>? _services;
    private readonly bool _ownsDatabase;
    private readonly bool _fakeEngine;

    /// <param name="database">Another instance's database (a second instance or a restart); a fresh one when null.</param>
    /// <param name="time">The clock the bot uses; the real one when null.</param>
    /// <param name="fakeEngine">Answer with <see cref="Engine"/> instead of the real conversation engine.</param>
    public TestApp(TestDatabase? database = null, TimeProvider? time = null, bool fakeEngine = false,
        Action<IServiceCollection>? services = null, bool kestrel = false, Db? db = null)
    {
        _ownsDatabase = database is null;
        Database = database ?? TestDatabase.Create(db ?? TestDatabase.DefaultKind);
        _time = time;
        _services = services;
        _fakeEngine = fakeEngine;
        Settings["ConnectionStrings:Petitions"] = Database.ConnectionString;
        Settings["Database:Provider"] = Database.Provider;
        Settings["Knowledge:IndexPath"] = SharedIndex.Folder;
        if (kestrel) UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public TestDatabase Database { get; }

    /// <summary>The scripted engine; it answers only when the host was made with fakeEngine: true.</summary>
    public FakeEngine Engine { get; } = new();

    /// <summary>Configuration, applied when the host starts.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Leave the database behind on dispose, so a second app can reopen it ("restart").</summary>
    public bool KeepDatabase { get; set; }

    /// <summary>Starts Kestrel (constructed with kestrel: true) and returns its address (http://127.0.0.1:port).</summary>
    public string StartKestrel()
    {
        StartServer();
        return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    /// <summary>
    /// Waits for /healthz (the index open). A first build of a new source set takes seconds, and far longer on a CI
    /// machine busy with other runs, so the wait is generous; a host that never gets ready fails the test here.
    /// </summary>
    public static async Task WaitUntilReadyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!(await client.GetAsync("/healthz")).IsSuccessStatusCode)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The knowledge index did not open within two minutes.");
            await Task.Delay(100);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            if (_time is not null)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(_time);
            }
            if (_fakeEngine)
            {
                services.RemoveAll<IConversationEngine>();
                services.AddSingleton<IConversationEngine>(Engine);
            }
            _services?.Invoke(services);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDatabase && !KeepDatabase) await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
