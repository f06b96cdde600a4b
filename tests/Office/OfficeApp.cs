using System.Net.Http.Json;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Units;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Clock;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Office;

/// <summary>
/// The real app on a SQLite file in a temp folder (or, with PETITIONBOT_TEST_PROVIDER=Postgres, a fresh database on the
/// PostgreSQL server CI starts), with a fake clock starting Monday 2026-03-02 10:00 Beijing time.
/// The deadline watch is off so tests run the scanner themselves.
/// </summary>
public class OfficeApp : TestApp
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "Bureau-Key-2026!";
    public const string Password = "Clerk-Passw0rd!";

    private int sequence;

    public OfficeApp() : this(new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero)))
    {
    }

    private OfficeApp(FakeTimeProvider clock)
        : base(time: clock, services: services => services.AddDataProtection().UseEphemeralDataProtectionProvider())
    {
        Clock = clock;
        Settings["Office:BootstrapAdmin:User"] = AdminUser;
        Settings["Office:BootstrapAdmin:Password"] = AdminPassword;
        Settings["Office:DeadlineWatchEnabled"] = "false";
        // Tests sign in often from one address; X-Forwarded-For lets a test speak from several.
        Settings["Office:SignInAttemptsPerMinute"] = "10000";
        Settings["Hosting:ForwardedHeaders"] = "true";
    }

    public FakeTimeProvider Clock { get; }

    public string NextTrackingNo() => $"XF{Clock.GetUtcNow().AddHours(8):yyyyMMdd}-{Interlocked.Increment(ref sequence):0000}";

    /// <summary>Files a petition as a citizen does, through POST /api/chat and the real conversation engine.</summary>
    public async Task<Petition> FileThroughChatAsync(string user, string? request = null, string? facts = null, bool raisedBefore = false)
    {
        using var client = CreateClient();
        string[] answers =
        [
            "我要反映问题", "张三", "110101199003071233", "13800138000", "城关街道幸福路12号3单元201室", "城关街道",
            "宏达建筑有限公司", "申诉求决", "两拖欠", request ?? "要求宏达建筑有限公司支付拖欠的三个月工资",
            facts ?? "我从去年6月起在宏达建筑有限公司工地做钢筋工，8月到10月的工资一直没发。",
            .. raisedBefore ? new[] { "是", "跳过" } : ["否"], "1", "好了", "确认提交",
        ];
        var last = "";
        foreach (var text in answers)
        {
            var response = await client.PostAsJsonAsync("/api/chat", new { user, text });
            response.EnsureSuccessStatusCode();
            last = await response.Content.ReadAsStringAsync();
        }
        var trackingNo = Regex.Match(last, @"XF\d{8}-\d{4}").Value;
        Assert.False(string.IsNullOrEmpty(trackingNo), $"the chat did not file a petition: {last}");
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        return await db.Petitions.AsNoTracking().SingleAsync(p => p.TrackingNo == trackingNo);
    }

    /// <summary>A petition as the conversation engine files it (the chat endpoint is built elsewhere).</summary>
    public async Task<Petition> FilePetitionAsync(Action<Petition>? configure = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<IPersonalDataProtector>();
        var no = NextTrackingNo();
        const string id = "110101199003074514";
        var p = new Petition
        {
            TrackingNo = no,
            PetitionerName = "张三",
            IdNumberProtected = protector.Protect(id),
            IdNumberHash = protector.Hash(id),
            IdNumberMasked = "1101**********4514",
            Phone = "13812345678",
            Address = "某区某街道1号",
            Locality = "城关街道",
            ConcernedUnit = "某建筑公司",
            Category = PetitionCategory.Grievance,
            Field = "两拖欠",
            Request = "请求督促支付拖欠的工资两万元",
            FactsAndReasons = "2025年在某工地务工，工资至今未付。",
            Channel = "web",
            ChannelUserId = "web-user-" + no,
            SubmissionKey = "submit-" + no,
            ReceivedUtc = Clock.GetUtcNow().UtcDateTime,
            Transcript =
            [
                new TranscriptLine { AtUtc = Clock.GetUtcNow().UtcDateTime, Speaker = "user", Text = "老板欠我工资，我电话13812345678" },
                new TranscriptLine { AtUtc = Clock.GetUtcNow().UtcDateTime, Speaker = "bot", Text = "已为您登记。" },
            ],
        };
        configure?.Invoke(p);
        db.Petitions.Add(p);
        await db.SaveChangesAsync();
        // As intake does: the petition it points back to learns of it, then the 登记 event, and the 15-day period for a petition still waiting to be handled.
        var (registered, dispose) = PetitionEvent.OnRegistration(p);
        db.Add(registered);
        await PetitionBot.Bot.Petitions.Intake.RepeatLinks.MarkEarlierAsync(db, p);
        if (p.Status == PetitionStatus.Registered) db.Add(dispose);
        else p.DueUtc = null;
        await db.SaveChangesAsync();
        return p;
    }

    public async Task<HandlingUnit> CreateUnitAsync(string name, bool politicalLegal = false, string? head = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        var unit = new HandlingUnit { Name = name, Code = "U" + Guid.NewGuid().ToString("N")[..8], IsPoliticalLegal = politicalLegal, HeadName = head };
        db.Add(unit);
        await db.SaveChangesAsync();
        return unit;
    }

    public async Task<string> CreateUserAsync(OfficeRole role, long? unitId = null)
    {
        EnsureStarted();
        await using var scope = Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<OfficeAccounts>();
        var name = role.ToString().ToLowerInvariant() + Interlocked.Increment(ref sequence);
        var error = await accounts.CreateUserAsync(OfficeActor.System, name, "测试" + OfficeRoles.Label(role) + sequence, role, unitId, Password, CancellationToken.None);
        Assert.Null(error);
        return name;
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public void EnsureStarted() => StartServer();

    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in through the login form and returns the client holding the cookie.</summary>
    public async Task<HttpClient> SignInAsync(string user, string password = Password)
    {
        var client = Browser();
        var response = await PostLoginAsync(client, user, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string user, string password)
    {
        var page = await client.GetStringAsync("/office/login");
        return await client.PostAsync("/office/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user,
            ["Password"] = password,
            ["__RequestVerificationToken"] = Token(page),
        }));
    }

    /// <summary>Posts one of the petition page's forms as a browser would: its antiforgery token and Version included.</summary>
    public static async Task<HttpResponseMessage> PostActionAsync(HttpClient client, string trackingNo, string handler, Dictionary<string, string>? fields = null)
    {
        var url = $"/office/petitions/{trackingNo}";
        var page = await client.GetStringAsync(url);
        var form = new Dictionary<string, string>(fields ?? [])
        {
            ["__RequestVerificationToken"] = Token(page),
        };
        var version = Regex.Match(page, "name=\"Version\" value=\"([^\"]+)\"");
        if (version.Success) form["Version"] = version.Groups[1].Value;
        return await client.PostAsync($"{url}?handler={handler}", new FormUrlEncodedContent(form));
    }

    public static string Token(string html)
    {
        var m = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        Assert.True(m.Success, "The page has no antiforgery token.");
        return m.Groups[1].Value;
    }
}
