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

        var who = page.GetByText("谁来办", new() { Exact = false }).Last;
        var deadline = page.GetByText("时限", new() { Exact = false }).Last;
        await Expect(who);
        var whoBox = await who.BoundingBoxAsync();
        var deadlineBox = await deadline.BoundingBoxAsync();
        Assert.NotNull(whoBox);
        Assert.NotNull(deadlineBox);
        Assert.True(deadlineBox!.Y >= whoBox!.Y + whoBox.Height - 1, "时限 runs on in the 谁来办 line");
        Directory.CreateDirectory(Screens);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screens, "route-card.png"), FullPage = true });
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
