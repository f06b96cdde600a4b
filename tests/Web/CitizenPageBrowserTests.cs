using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace PetitionBot.Tests.Web;

/// <summary>The browser fixture with the bureau's details set, as an installation would have them.</summary>
public sealed class BureauBrowserFixture() : BrowserFixture(realEngine: true, new Dictionary<string, string?>
{
    ["Bureau:Name"] = "青山区信访局",
    ["Bureau:Address"] = "青山区建设路18号 区信访局接待大厅",
    ["Bureau:Hotline"] = "027-86812345",
    ["Bureau:OfficeHours"] = "工作日 8:30—12:00，14:00—17:30",
});

/// <summary>The citizen page as a .gov.cn service page, on a phone and on a desktop (screenshots in petitionbot-screens).</summary>
public class CitizenPageBrowserTests(BureauBrowserFixture fixture) : IClassFixture<BureauBrowserFixture>
{
    private static readonly string Screens = Path.Combine(Path.GetTempPath(), "petitionbot-screens");

    [ChromiumFact]
    public async Task On_a_phone_and_a_desktop_the_page_shows_the_bureau_its_hotline_and_the_privacy_notice()
    {
        foreach (var (width, height) in new[] { (390, 844), (1280, 900) })
        {
            var page = await OpenAsync(width, height);
            await Expect(page.Locator(".bureau").GetByText("青山区信访局"));
            await Expect(page.Locator(".hotline-top").GetByText("027-86812345"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "个人信息保护告知" }));
            await Expect(page.GetByText("依据《中华人民共和国个人信息保护法》", new() { Exact = false }));
            await Expect(page.Locator("[data-id='webchat-sendbox-input']"));
            // Nothing wider than the screen: no sideways scrolling on a phone.
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"page wider than {width}px");
            Directory.CreateDirectory(Screens);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screens, $"page-{width}.png"), FullPage = true });
            await page.CloseAsync();
        }
    }

    [ChromiumFact]
    public async Task The_tracking_number_field_accepts_a_tracking_number_and_refuses_spaces()
    {
        var page = await OpenAsync(1280, 900);
        var console = new List<string>();
        page.Console += (_, m) => console.Add(m.Text);
        var field = page.GetByLabel("信访件编号");

        await field.FillAsync("XF20260101-0001");
        Assert.True(await field.EvaluateAsync<bool>("e => e.checkValidity()"));
        await field.FillAsync("XF 2026 01");
        Assert.False(await field.EvaluateAsync<bool>("e => e.checkValidity()"), "the pattern did not apply (invalid under the v flag?)");
        Assert.DoesNotContain(console, line => line.Contains("pattern", StringComparison.OrdinalIgnoreCase));
    }

    [ChromiumFact]
    public async Task A_route_card_shows_who_handles_it_and_the_deadline_on_lines_of_their_own()
    {
        var page = await OpenAsync(1280, 900);
        var input = page.Locator("[data-id='webchat-sendbox-input']");
        await input.FillAsync("朋友借了我5万块钱两年都不还");
        await input.PressAsync("Enter");

        // Measured once the turn is complete (the follow-up question is its last message), in one go, inside one card.
        await Expect(page.GetByText("已经起诉", new() { Exact = false }));
        var card = page.Locator(".ac-adaptiveCard").Filter(new() { HasText = "谁来办" }).First;
        await Expect(card);
        var gap = await card.EvaluateAsync<double>("""
            card => {
              const leaves = [...card.querySelectorAll('*')].filter(e => e.children.length === 0);
              const who = leaves.find(e => e.textContent.includes('谁来办'));
              const deadline = leaves.find(e => e.textContent.includes('时限'));
              return who && deadline ? deadline.getBoundingClientRect().top - who.getBoundingClientRect().top : -1;
            }
            """);
        Assert.True(gap > 0, $"时限 runs on in the 谁来办 line (gap {gap})");
        Directory.CreateDirectory(Screens);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screens, "route-card.png"), FullPage = true });
    }

    [ChromiumFact]
    public async Task The_status_look_up_shows_the_handling_opinion_and_the_notices_once_answered()
    {
        var trackingNo = await FileAndAnswerAsync();
        var page = await OpenAsync(1280, 900);

        await page.GetByLabel("信访件编号").FillAsync(trackingNo);
        await page.GetByLabel("电话号码后4位").FillAsync("8000");
        await page.Locator("#status-form").GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();

        await Expect(page.Locator("#status-result").GetByText("处理意见（信访处理意见书", new() { Exact = false }));
        await Expect(page.Locator("#status-result").GetByText("责令宏达建筑有限公司于15日内支付拖欠工资", new() { Exact = false }));
        await Expect(page.Locator("#status-result").GetByText("办理进度通知"));
        await Expect(page.Locator("#status-result").GetByText("已由青山区信访局受理", new() { Exact = false }));
        Directory.CreateDirectory(Screens);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screens, "status-answered.png"), FullPage = true });
    }

    /// <summary>Files through /api/chat as a citizen, then accepts, approves and sends the 处理意见 as the office would.</summary>
    private async Task<string> FileAndAnswerAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        var user = "web-" + Guid.NewGuid().ToString("N");
        string[] answers =
        [
            "我要反映问题", "张三", "110101199003071233", "13800138000", "城关街道幸福路12号3单元201室", "城关街道",
            "宏达建筑有限公司", "申诉求决", "两拖欠", "要求宏达建筑有限公司支付拖欠的三个月工资",
            "我从去年6月起在宏达建筑有限公司工地做钢筋工，8月到10月的工资一直没发。", "否", "1", "好了", "确认提交",
        ];
        var last = "";
        foreach (var text in answers)
            last = await (await http.PostAsync("/api/chat", System.Net.Http.Json.JsonContent.Create(new { user, text }))).Content.ReadAsStringAsync();
        var no = System.Text.RegularExpressions.Regex.Match(last, @"XF\d{8}-\d{4}").Value;
        Assert.False(string.IsNullOrEmpty(no), last);

        var registrar = new PetitionBot.Bot.Office.Auth.OfficeActor(9301, "reg-p", "登记员丁", PetitionBot.Bot.Office.Auth.OfficeRole.Registrar, null);
        var supervisor = new PetitionBot.Bot.Office.Auth.OfficeActor(9302, "sup-p", "督办丁", PetitionBot.Bot.Office.Auth.OfficeRole.Supervisor, null);
        await using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateAsyncScope(fixture.App.Services);
        var workflow = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<PetitionBot.Bot.Office.Workflow.PetitionWorkflow>(scope.ServiceProvider);
        Assert.True((await workflow.AcceptAsync(no, registrar, null, default)).Ok);
        Assert.True((await workflow.DraftOpinionAsync(no, registrar, null, PetitionBot.Bot.Office.Workflow.OpinionOutcome.Support,
            "责令宏达建筑有限公司于15日内支付拖欠工资", "《保障农民工工资支付条例》第三条", default)).Ok);
        var file = await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<PetitionBot.Bot.Data.PetitionDbContext>(scope.ServiceProvider).Set<PetitionBot.Bot.Office.Workflow.HandlingOpinion>()
            .Where(o => o.Text.StartsWith("责令宏达")).OrderByDescending(o => o.Id).Select(o => o.Id).FirstAsync();
        Assert.True((await workflow.ReviewOpinionAsync(no, supervisor, null, file, true, null, default)).Ok);
        Assert.True((await workflow.ReplyAsync(no, registrar, null, default)).Ok);
        return no;
    }

    private async Task<IPage> OpenAsync(int width, int height)
    {
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { Locale = "zh-CN", ViewportSize = new() { Width = width, Height = height } });
        await page.GotoAsync(fixture.BaseUrl + "/");
        await Expect(page.GetByText("请选择服务", new() { Exact = false }));
        return page;
    }

    private static Task Expect(ILocator locator) =>
        Assertions.Expect(locator.First).ToBeVisibleAsync(new() { Timeout = 30_000 });
}
