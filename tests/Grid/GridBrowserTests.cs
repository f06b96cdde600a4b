using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PetitionBot.Bot.Grid;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Tests.Office;
using static Microsoft.Playwright.Assertions;

namespace PetitionBot.Tests.Grid;

/// <summary>A grid worker on a phone (390×844) takes a dispute from screening to a petition the citizen confirms in the chat.</summary>
public class GridBrowserTests(OfficeKestrelApp app) : IClassFixture<OfficeKestrelApp>
{
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "petitionbot-grid-screens");

    [BrowserFact]
    public async Task A_grid_worker_on_a_phone_records_a_dispute_and_files_it_for_the_citizen_who_confirms_in_the_chat()
    {
        var baseUrl = app.BaseUrl;
        SetDefaultExpectTimeout(30_000);
        Directory.CreateDirectory(Shots);
        var grid = await GridOffice.CreateGridAsync(app, "城关街道");
        await app.InScopeAsync(async sp => await sp.GetRequiredService<OfficeAccounts>().CreateUserAsync(OfficeActor.System, "wanggrid", "王芳",
            OfficeRole.GridWorker, null, OfficeApp.Password, CancellationToken.None, grid));
        var clerkName = await app.CreateUserAsync(OfficeRole.Registrar);
        var idNumber = GridOffice.NewIdNumber();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFactAttribute.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });

        async Task<IPage> SignIn(string user, ViewportSize size, bool phone, string landing)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = baseUrl, ViewportSize = size, IsMobile = phone, HasTouch = phone, Locale = "zh-CN",
            });
            context.SetDefaultTimeout(90_000);
            context.SetDefaultNavigationTimeout(90_000);
            var page = await context.NewPageAsync();
            await page.GotoAsync("/office/login");
            await page.FillAsync("input[name=UserName]", user);
            await page.FillAsync("input[name=Password]", OfficeApp.Password);
            await page.ClickAsync("button[type=submit]");
            await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(landing) + "$"), new() { Timeout = 90_000 });
            return page;
        }

        async Task FitsTheScreen(IPage page) =>
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
                $"{page.Url} is wider than the phone's screen");

        // The worker records what they found today, with a follow-up due today: the nav shows it at once.
        var worker = await SignIn("wanggrid", new ViewportSize { Width = 390, Height = 844 }, phone: true, "/office/grid");
        await FitsTheScreen(worker);
        await worker.ClickAsync("#new-dispute");
        await worker.FillAsync("#parties", "刘某某与陈某某（上下楼邻居）");
        await worker.FillAsync("#place", "幸福路12号2单元");
        await worker.SelectOptionAsync("#kind", "邻里纠纷");
        await worker.CheckAsync("input[name=Risk][value=Major]");
        await worker.FillAsync("#summary", "楼顶防水破损，楼下漏水，双方为维修费用争执。");
        await worker.FillAsync("#actions", "上门了解情况，约定本周内调解");
        await worker.FillAsync("#next", "2026-03-02");
        await FitsTheScreen(worker);
        await worker.ClickAsync("#save-dispute");
        await Expect(worker.Locator("#status")).ToHaveTextAsync("已排查");
        await Expect(worker.Locator("#due-badge")).ToHaveTextAsync("1");
        await worker.ScreenshotAsync(new() { Path = Path.Combine(Shots, "01-dispute-recorded.png") });
        var disputeUrl = worker.Url;
        var disputeId = long.Parse(Regex.Match(disputeUrl, @"/disputes/(\d+)").Groups[1].Value);

        // Mediation under way, next visit on Thursday: nothing is due today any more.
        await worker.CheckAsync("input[name=status][value=Mediating]");
        await worker.FillAsync("#step-actions", "组织双方面谈，物业到场查看");
        await worker.FillAsync("#step-next", "2026-03-05");
        await worker.ClickAsync("#save-step");
        await Expect(worker.Locator("#status")).ToHaveTextAsync("调解中");
        await Expect(worker.Locator("#next-now")).ToHaveTextAsync("2026-03-05");
        await Expect(worker.Locator("#due-badge")).ToHaveCountAsync(0);

        // The citizen wants it handled as a petition: the worker fills in the form with them and gets a code.
        await worker.FillAsync("#f-name", "刘建国");
        await worker.FillAsync("#f-id", idNumber);
        await worker.FillAsync("#f-phone", "13900139001");
        await worker.FillAsync("#f-address", "城关街道幸福路12号2单元301室");
        await worker.FillAsync("#f-locality", "城关街道");
        await worker.SelectOptionAsync("#f-field", "城乡建设");
        await worker.FillAsync("#f-request", "要求物业公司维修楼顶防水");
        await FitsTheScreen(worker);
        await worker.ClickAsync("#prepare");
        await Expect(worker.Locator(".flash.ok")).ToContainTextAsync("已生成确认码");
        var code = (await worker.Locator("#code").TextContentAsync())!.Trim();
        Assert.Matches(@"^\d{6}$", code);
        await worker.ScreenshotAsync(new() { Path = Path.Combine(Shots, "02-code.png"), FullPage = true });

        // The citizen types the code in their own chat, checks the pre-filled petition and confirms it.
        using var chat = app.CreateClient();
        var summary = Regex.Unescape(await (await chat.PostAsJsonAsync("/api/chat", new { user = "citizen-grid-web-01", text = code })).Content.ReadAsStringAsync());
        Assert.Contains("网格员王芳根据您反映的情况代为填写了信访事项登记表", summary);
        Assert.Contains("要求物业公司维修楼顶防水", summary);
        var done = Regex.Unescape(await (await chat.PostAsJsonAsync("/api/chat", new { user = "citizen-grid-web-01", text = "确认提交" })).Content.ReadAsStringAsync());
        var trackingNo = Regex.Match(done, @"XF\d{8}-\d{4}").Value;
        Assert.False(string.IsNullOrEmpty(trackingNo), done);

        // The worker sees the line handed on; the clerk sees where the petition came from.
        await worker.GotoAsync(disputeUrl);
        await Expect(worker.Locator("#status")).ToHaveTextAsync("转信访");
        await Expect(worker.Locator("#petition-link")).ToHaveTextAsync(trackingNo);
        await FitsTheScreen(worker);
        var clerk = await SignIn(clerkName, new ViewportSize { Width = 1366, Height = 768 }, phone: false, "/office");
        await clerk.GotoAsync($"/office/petitions/{trackingNo}");
        await Expect(clerk.Locator("#dispute-origin")).ToContainTextAsync($"矛盾纠纷排查台账第 {disputeId} 号");
        await Expect(clerk.Locator("#dispute-origin")).ToContainTextAsync("信访人在对话中以确认码确认");
        await Expect(clerk.Locator("#idnumber")).ToHaveTextAsync("1101**********" + idNumber[^4..]);
        await clerk.ScreenshotAsync(new() { Path = Path.Combine(Shots, "03-clerk-petition.png") });
    }
}
