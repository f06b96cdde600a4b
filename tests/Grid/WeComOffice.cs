using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Audit;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Tests.Office;
using PetitionBot.Tests.WeChat;

namespace PetitionBot.Tests.Grid;

/// <summary>
/// The office with the WeCom app configured against the loopback fake WeCom API (callback, AgentId and Secret), for
/// sign-in through WeCom and the grid workers' reminders. Reminders run only when a test asks (Grid:Reminders:Enabled).
/// </summary>
public sealed class WeComOffice : IAsyncLifetime
{
    public const int AgentId = 1000002;
    private static int _sequence;

    public FakeWeChatApi Api { get; private set; } = null!;
    public OfficeApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Api = await FakeWeChatApi.StartAsync();
        App = Configure(new OfficeApp(), Api);
    }

    public static OfficeApp Configure(OfficeApp app, FakeWeChatApi api, bool reminders = false)
    {
        app.Settings["WeCom:Token"] = WeChatApp.Token;
        app.Settings["WeCom:CorpId"] = FakeWeChatApi.CorpId;
        app.Settings["WeCom:EncodingAESKey"] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";
        app.Settings["WeCom:AgentId"] = AgentId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["WeCom:Secret"] = FakeWeChatApi.CorpSecret;
        app.Settings["WeCom:ApiBaseUrl"] = api.BaseUrl;
        app.Settings["Grid:Reminders:Enabled"] = reminders ? "true" : "false";
        return app;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Api.DisposeAsync();
    }

    /// <summary>A grid worker account bound to a WeCom member of its own; returns (user name, WeCom userid).</summary>
    public static async Task<(string UserName, string WeComUserId)> CreateWorkerAsync(OfficeApp app, long gridId, bool active = true)
    {
        app.EnsureStarted();
        var n = Interlocked.Increment(ref _sequence);
        var name = $"wecomgrid{n}{Guid.NewGuid():N}"[..16];
        var weCom = $"LiuFang{n}{Guid.NewGuid():N}"[..16];
        await app.InScopeAsync(async sp =>
        {
            var accounts = sp.GetRequiredService<OfficeAccounts>();
            Assert.Null(await accounts.CreateUserAsync(OfficeActor.System, name, "刘芳", OfficeRole.GridWorker, null, OfficeApp.Password,
                CancellationToken.None, gridId, weCom));
            if (!active)
            {
                var id = await sp.GetRequiredService<PetitionDbContext>().Set<OfficeUser>().Where(u => u.UserName == name).Select(u => u.Id).SingleAsync();
                Assert.Null(await accounts.UpdateUserAsync(OfficeActor.System, id, OfficeRole.GridWorker, null, false, null, CancellationToken.None, gridId));
            }
            return 0;
        });
        return (name, weCom);
    }

    public static Task<List<AuditEntry>> AuditAsync(OfficeApp app, string action) =>
        app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<AuditEntry>().AsNoTracking()
            .Where(a => a.Action == action).OrderBy(a => a.Id).ToListAsync());
}
