using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Workflow;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Clock;

namespace PetitionBot.Tests.Office;

/// <summary>Runs only where Debian's chromium is installed (.ci/run installs chromium and fonts-wqy-microhei).</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(Chromium)) Skip = $"{Chromium} is missing: apt-get install -y chromium fonts-wqy-microhei to run the browser tests.";
    }
}

/// <summary>The app on a real Kestrel port on 127.0.0.1, reachable from the browser.</summary>
public sealed class OfficeKestrelApp : OfficeApp
{
    public OfficeKestrelApp()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public string BaseUrl
    {
        get
        {
            StartServer();
            return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        }
    }
}

public class OfficeBrowserTests(OfficeKestrelApp app) : IClassFixture<OfficeKestrelApp>
{
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "petitionbot-office-screens");

    [BrowserFact]
    public async Task A_clerk_carries_a_petition_from_the_queue_to_the_answer_in_the_browser()
    {
        var baseUrl = app.BaseUrl;
        Assertions.SetDefaultExpectTimeout(30_000);
        Directory.CreateDirectory(Shots);
        // The citizen files through the chat, as on the web page; the clerk then finds it in the queue.
        var petition = await app.FileThroughChatAsync("citizen-web-0001");
        var today = ChinaTime.Today(app.Clock);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFactAttribute.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });

        async Task<IPage> SignIn(string user, string password)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = baseUrl, ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, AcceptDownloads = true, Locale = "zh-CN",
            });
            // Generous: on the 2-core CI machine this runs beside the other test classes, and sign-in hashes a password.
            context.SetDefaultTimeout(90_000);
            context.SetDefaultNavigationTimeout(90_000);
            var page = await context.NewPageAsync();
            await page.GotoAsync("/office");
            Assert.Contains("/office/login", page.Url);
            await page.FillAsync("input[name=UserName]", user);
            await page.FillAsync("input[name=Password]", password);
            await page.ClickAsync("button[type=submit]");
            // Waits for the redirect's URL, not for the landing page's load event, which once (in CI, beside the other test
            // classes) did not come within 90 s; the steps after this wait for what they use.
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/office$"), new() { Timeout = 90_000 });
            return page;
        }

        async Task Shot(IPage page, string name) =>
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, name + ".png"), FullPage = false });

        // The administrator sets up a unit and the people who work on it.
        var admin = await SignIn(OfficeApp.AdminUser, OfficeApp.AdminPassword);
        await admin.GotoAsync("/office/admin/units");
        await admin.FillAsync("#unit-name", "区人力资源和社会保障局");
        await admin.FillAsync("#unit-code", "RSJ");
        await admin.FillAsync("#unit-head", "李局长");
        await admin.ClickAsync("#create-unit");
        await Expect(admin.Locator(".flash.ok")).ToContainTextAsync("区人力资源和社会保障局");
        async Task CreateUser(string name, string display, string role, string? unit = null)
        {
            await admin.GotoAsync("/office/admin/users");
            await admin.FillAsync("#new-user", name);
            await admin.FillAsync("#new-name", display);
            await admin.SelectOptionAsync("#new-role", role);
            if (unit is not null) await admin.SelectOptionAsync("#new-unit", new SelectOptionValue { Label = unit });
            await admin.FillAsync("#new-password", OfficeApp.Password);
            await admin.ClickAsync("#create-user");
            await Expect(admin.Locator(".flash.ok")).ToContainTextAsync(name);
        }
        await CreateUser("clerk1", "王登记", "Registrar");
        await CreateUser("rsj1", "人社经办", "HandlingUnit", "区人力资源和社会保障局");
        await CreateUser("sup1", "赵督办", "Supervisor");
        await Shot(admin, "01-admin-users");

        // The registrar finds the petition in the queue and forwards it.
        var clerk = await SignIn("clerk1", OfficeApp.Password);
        await clerk.FillAsync("input[name=q]", petition.TrackingNo);
        await clerk.ClickAsync("form.filters button[type=submit]");
        await Expect(clerk.Locator("#queue tbody tr")).ToHaveCountAsync(1);
        await Expect(clerk.Locator("#queue")).ToContainTextAsync(PetitionClock.Format(today.AddDays(15)));
        await Shot(clerk, "02-queue");
        await clerk.ClickAsync($"a:text('{petition.TrackingNo}')");
        await Expect(clerk.Locator("#idnumber")).ToHaveTextAsync("1101**********1233");
        await Shot(clerk, "03-petition-registered");
        await clerk.SelectOptionAsync("#forward-unit", new SelectOptionValue { Label = "区人力资源和社会保障局" });
        await clerk.ClickAsync("#do-forward");
        await Expect(clerk.Locator("#status")).ToHaveTextAsync("已转送/交办");
        await Expect(clerk.Locator("#due")).ToContainTextAsync(PetitionClock.Format(today.AddDays(15)));

        // The unit accepts it, extends it by 30 days and drafts the opinion.
        var unit = await SignIn("rsj1", OfficeApp.Password);
        await unit.GotoAsync($"/office/petitions/{petition.TrackingNo}");
        await unit.ClickAsync("#do-accept");
        await Expect(unit.Locator("#status")).ToHaveTextAsync("已受理");
        await Expect(unit.Locator("#due")).ToContainTextAsync(PetitionClock.Format(today.AddDays(60)));
        await unit.FillAsync("#extend-days", "30");
        await unit.FillAsync("#extend-approver", "李局长");
        await unit.FillAsync("#extend-reason", "需调取工地考勤记录");
        await unit.ClickAsync("#do-extend");
        await Expect(unit.Locator("#status")).ToHaveTextAsync("已延期办理");
        await Expect(unit.Locator("#due")).ToContainTextAsync(PetitionClock.Format(today.AddDays(90)));
        await unit.FillAsync("#opinion-text", "经核查，某建筑公司拖欠工资属实，已责令其于10日内足额支付。");
        await unit.FillAsync("#opinion-basis", "《保障农民工工资支付条例》第三条；《信访工作条例》第三十二条第一项");
        await unit.ClickAsync("#do-draft");
        await Expect(unit.Locator("#actions")).ToContainTextAsync("待督办审核");
        await Shot(unit, "04-petition-extended");

        // A supervisor approves the opinion (两前置), then the unit answers.
        var supervisor = await SignIn("sup1", OfficeApp.Password);
        await supervisor.GotoAsync($"/office/petitions/{petition.TrackingNo}");
        await supervisor.ClickAsync("#do-approve");
        await Expect(supervisor.Locator(".flash.ok")).ToBeVisibleAsync();
        await unit.ReloadAsync();
        await unit.ClickAsync("#do-reply");
        await Expect(unit.Locator("#status")).ToHaveTextAsync("已答复");
        await Expect(unit.Locator("#timeline")).ToContainTextAsync("答复");
        await Shot(unit, "05-petition-replied");

        // The dashboard shows it, and the queue exports to Excel.
        await clerk.GotoAsync("/office/dashboard?period=all");
        await Expect(clerk.Locator("#kpi-total")).ToHaveTextAsync("1");
        await Expect(clerk.Locator("svg.chart").First).ToBeVisibleAsync();
        await Shot(clerk, "06-dashboard");
        await clerk.GotoAsync("/office");
        var download = await clerk.RunAndWaitForDownloadAsync(() => clerk.ClickAsync("#export"));
        var file = Path.Combine(Shots, "export.xlsx");
        await download.SaveAsAsync(file);
        var rows = MiniExcel.Query(file, useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Contains(rows, r => (string)r["信访事项编号"] == petition.TrackingNo && (string)r["状态"] == "已答复");

        // The citizen is told each step on the channel they used.
        var told = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Outbox.AsNoTracking()
            .Where(m => m.TrackingNo == petition.TrackingNo).OrderBy(m => m.Id).Select(m => m.Text).ToListAsync());
        Assert.Equal(4, told.Count);
        Assert.All(told, t => Assert.Contains(petition.TrackingNo, t));
        Assert.Contains("已作出信访处理意见书：予以支持", told[^1]);
        var status = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Petitions.AsNoTracking()
            .Where(p => p.TrackingNo == petition.TrackingNo).Select(p => p.Status).SingleAsync());
        Assert.Equal(PetitionStatus.Replied, status);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
