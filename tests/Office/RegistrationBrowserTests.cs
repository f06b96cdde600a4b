using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Clock;
using static Microsoft.Playwright.Assertions;

namespace PetitionBot.Tests.Office;

/// <summary>A clerk registers a letter with its scanned page in the browser; the citizen had asked in the chat before.</summary>
public class RegistrationBrowserTests(OfficeKestrelApp app) : IClassFixture<OfficeKestrelApp>
{
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "petitionbot-registration-screens");

    [BrowserFact]
    public async Task A_clerk_registers_a_letter_received_three_days_ago_with_its_scanned_page()
    {
        var baseUrl = app.BaseUrl;
        SetDefaultExpectTimeout(30_000);
        Directory.CreateDirectory(Shots);
        var chat = await app.FileThroughChatAsync("citizen-letter-web-01");
        var clerkName = await app.CreateUserAsync(OfficeRole.Registrar);
        var today = ChinaTime.Today(app.Clock);
        var received = today.AddDays(-3);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFactAttribute.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "zh-CN", ViewportSize = new() { Width = 1366, Height = 900 } });
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        var clerk = await context.NewPageAsync();
        await clerk.GotoAsync("/office/login");
        await clerk.FillAsync("input[name=UserName]", clerkName);
        await clerk.FillAsync("input[name=Password]", OfficeApp.Password);
        await clerk.ClickAsync("button[type=submit]");
        await Expect(clerk).ToHaveURLAsync(new Regex("/office$"), new() { Timeout = 90_000 });

        // The letter came three days ago; the clerk types it in today, with the scanned page.
        await clerk.ClickAsync("#new-petition");
        await Expect(clerk).ToHaveURLAsync(new Regex("/office/petitions/new$"));
        await clerk.SelectOptionAsync("#r-source", "letter");
        await clerk.FillAsync("#r-received", PetitionClock.Format(received));
        await clerk.FillAsync("#r-name", "张三");
        await clerk.FillAsync("#r-id", RegistrationOffice.ChatIdNumber);
        await clerk.FillAsync("#r-phone", RegistrationOffice.ChatPhone);
        await clerk.FillAsync("#r-address", "城关街道幸福路12号3单元201室");
        await clerk.FillAsync("#r-locality", "城关街道");
        await clerk.FillAsync("#r-unit", "宏达建筑有限公司");
        await clerk.SelectOptionAsync("#r-category", "申诉求决");
        await clerk.SelectOptionAsync("#r-field", "两拖欠");
        await clerk.FillAsync("#r-request", "要求宏达建筑有限公司支付拖欠的三个月工资");
        await clerk.FillAsync("#r-facts", "来信称：在宏达建筑有限公司工地做钢筋工，8月到10月的工资至今未发，曾在网上反映。");
        await clerk.SetInputFilesAsync("#r-files", new FilePayload { Name = "来信第1页.png", MimeType = "image/png", Buffer = RegistrationOffice.Png() });
        await clerk.ClickAsync("#r-submit");

        await Expect(clerk).ToHaveURLAsync(new Regex(@"/office/petitions/XF\d{8}-\d{4}$"));
        var no = Regex.Match(clerk.Url, @"XF\d{8}-\d{4}").Value;
        await Expect(clerk.Locator(".flash.ok")).ToContainTextAsync($"已登记为信访事项 {no}");
        await Expect(clerk.Locator(".flash.ok")).ToContainTextAsync($"相似事项 {chat.TrackingNo}，已标为重复信访");
        // 15 days from the day the letter arrived, not from today.
        await Expect(clerk.Locator("#due")).ToContainTextAsync(PetitionClock.Format(received.AddDays(15)));
        await Expect(clerk.Locator("#source")).ToHaveTextAsync("来信");
        await Expect(clerk.Locator("#received-on")).ToHaveTextAsync(PetitionClock.Format(received));
        await Expect(clerk.Locator("#related")).ToContainTextAsync(chat.TrackingNo);
        await Expect(clerk.Locator("#related")).ToContainTextAsync("本件所称的前次信访");
        var scan = clerk.Locator("#attachments img");
        await Expect(scan).ToBeVisibleAsync();
        // Decoded from what the office served: a broken or refused image would have no width.
        Assert.Equal(60, await scan.EvaluateAsync<int>(
            "img => img.complete ? img.naturalWidth : new Promise(done => { img.onload = () => done(img.naturalWidth); img.onerror = () => done(0); })"));
        await clerk.ScreenshotAsync(new() { Path = Path.Combine(Shots, "01-registered-letter.png"), FullPage = true });

        // The queue, filtered to letters, shows it with its source.
        await clerk.GotoAsync("/office?source=letter");
        var row = clerk.Locator($"#queue tr[data-no='{no}']");
        await Expect(row.Locator("td.source")).ToHaveTextAsync("来信");
        await Expect(clerk.Locator($"#queue tr[data-no='{chat.TrackingNo}']")).ToHaveCountAsync(0);

        // The receipt for the citizen and the 登记表 name the source and the clerk.
        await clerk.GotoAsync($"/office/petitions/{no}/receipt");
        await Expect(clerk.Locator("#receipt-no")).ToHaveTextAsync(no);
        await Expect(clerk.Locator("#receipt-source")).ToHaveTextAsync("来信");
        await clerk.GotoAsync($"/office/petitions/{no}/print");
        await Expect(clerk.Locator("#print-source")).ToHaveTextAsync("来信");
        var clerkDisplay = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<OfficeUser>()
            .Where(u => u.UserName == clerkName).Select(u => u.DisplayName).SingleAsync());
        await Expect(clerk.Locator("#print-receiver")).ToHaveTextAsync("登记人：" + clerkDisplay);

        // Without an office session the scan is not served: the browser lands on the sign-in page.
        var attachmentUrl = await AttachmentUrlAsync(no);
        var stranger = await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl })).NewPageAsync();
        var response = await stranger.GotoAsync(attachmentUrl);
        await Expect(stranger).ToHaveURLAsync(new Regex("/office/login"));
        Assert.NotEqual("image/png", response?.Headers.GetValueOrDefault("content-type"));
    }

    private Task<string> AttachmentUrlAsync(string trackingNo) => app.InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<PetitionDbContext>();
        var id = await (from a in db.Set<PetitionAttachment>() join p in db.Petitions on a.PetitionId equals p.Id
                        where p.TrackingNo == trackingNo select a.Id).SingleAsync();
        return $"/office/petitions/{trackingNo}/attachments/{id}";
    });
}
