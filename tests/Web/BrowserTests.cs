using System.Collections.Concurrent;
using Microsoft.Playwright;
using PetitionBot.Tests.BotFramework;

namespace PetitionBot.Tests.Web;

/// <summary>Runs only where Debian's chromium is installed (apt-get install chromium fonts-wqy-microhei).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ChromiumPath)) Skip = $"{ChromiumPath} is missing: apt-get install -y chromium fonts-wqy-microhei";
    }
}

/// <summary>The bot on a real Kestrel port and one headless chromium, shared by the browser tests.</summary>
public class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public BrowserFixture() : this(realEngine: false) { }

    protected BrowserFixture(bool realEngine, IReadOnlyDictionary<string, string?>? settings = null) =>
        App = new(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["DirectLine:TokenBurst"] = "100" },
            realEngine: realEngine, kestrel: true);

    public ChannelTestApp App { get; }
    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumFactAttribute.ChromiumPath)) return;
        BaseUrl = App.StartKestrel();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.CloseAsync();
            _playwright.Dispose();
        }
        await App.DisposeAsync();
    }
}

/// <summary>A citizen in chromium on "/": the official Web Chat talking to the bot's own Direct Line endpoint.</summary>
public class BrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly string Screens = Path.Combine(Path.GetTempPath(), "petitionbot-screens");
    private readonly ConcurrentQueue<string> _console = new();

    [ChromiumFact]
    public async Task Citizen_asks_a_question_and_sees_the_cited_answer_with_its_route()
    {
        var page = await OpenAsync();

        await SayAsync(page, "老板拖欠工资怎么办？");

        await Expect(page.GetByText("（依据：《信访工作条例》第三十一条）", new() { Exact = false }));
        await Expect(page.GetByText("劳动争议仲裁", new() { Exact = true }));
        await ScreenshotAsync(page, "answer");
        Assert.DoesNotContain(_console, line => line.Contains("Content Security Policy") || line.StartsWith("pageerror"));
    }

    [ChromiumFact]
    public async Task Clicking_a_suggested_action_sends_it_as_the_citizens_answer()
    {
        var page = await OpenAsync();

        await page.GetByRole(AriaRole.Toolbar, new() { Name = "建议的操作" })
            .GetByRole(AriaRole.Button, new() { Name = "我要信访", Exact = true }).ClickAsync();

        await Expect(page.GetByText("好的，我们开始登记信访事项。请问您的姓名？"));
        await ScreenshotAsync(page, "suggested-action");
    }

    [ChromiumFact]
    public async Task Status_lookup_for_an_unknown_number_says_it_was_not_found()
    {
        var page = await OpenAsync();

        await page.GetByLabel("信访件编号").FillAsync("XF20260101-9999");
        await page.GetByLabel("电话号码后4位").FillAsync("8000");
        await page.Locator("#status-form").GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
        await ScreenshotAsync(page, "status");

        await Expect(page.GetByText("未找到该信访件", new() { Exact = false }));
    }

    private async Task<IPage> OpenAsync()
    {
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { Locale = "zh-CN", ViewportSize = new() { Width = 1200, Height = 860 } });
        page.Console += (_, message) => _console.Enqueue($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => _console.Enqueue($"pageerror: {error}");
        await page.GotoAsync(fixture.BaseUrl + "/");
        // The bot greets a new conversation with the menu as suggested actions.
        await Expect(page.GetByText("您好，我是信访助手。请选择您要办理的事项："));
        return page;
    }

    private async Task SayAsync(IPage page, string text)
    {
        var input = page.Locator("[data-id='webchat-sendbox-input']");
        await input.FillAsync(text);
        await input.PressAsync("Enter");
    }

    private async Task Expect(ILocator locator)
    {
        try
        {
            await Assertions.Expect(locator.First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        }
        catch (PlaywrightException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\nbrowser console:\n{string.Join('\n', _console)}");
        }
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screens);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screens, $"{name}.png"), FullPage = true });
    }
}
