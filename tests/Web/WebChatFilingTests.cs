using Microsoft.Playwright;

namespace PetitionBot.Tests.Web;

/// <summary>The browser fixture with the bot's own conversation engine instead of a scripted one.</summary>
public sealed class RealEngineBrowserFixture() : BrowserFixture(realEngine: true);

/// <summary>A citizen files a whole petition in Web Chat on "/", answered by the real engine.</summary>
public class WebChatFilingTests(RealEngineBrowserFixture fixture) : IClassFixture<RealEngineBrowserFixture>
{
    [ChromiumFact]
    public async Task Citizen_files_a_petition_in_web_chat_and_gets_a_tracking_number()
    {
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { Locale = "zh-CN", ViewportSize = new() { Width = 1200, Height = 860 } });
        await page.GotoAsync(fixture.BaseUrl + "/");
        var input = page.Locator("[data-id='webchat-sendbox-input']");
        await Assertions.Expect(input).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await SeeAsync(page, "请选择服务"); // connected: the engine's welcome with the menu

        // Each answer waits for the question it answers, as a person reads before typing.
        (string Question, string Answer)[] steps =
        [
            ("", "我要反映问题"),
            ("请问您的姓名", "张三"),
            ("18位身份证号", "110101199003071233"),
            ("联系电话", "13800138000"),
            ("请问您的住址", "城关街道幸福路12号3单元201室"),
            ("哪个街道或乡镇", "城关街道"),
            ("涉及哪个单位", "宏达建筑有限公司"),
            ("属于哪一类", "申诉求决"),
            ("属于哪个领域", "两拖欠"),
            ("您的诉求是什么", "要求宏达建筑有限公司支付拖欠的三个月工资"),
            ("事实和理由", "我从2026年6月起在宏达建筑有限公司工地做钢筋工，8月到10月的工资一直没发。"),
            ("以前反映过吗", "否"),
            ("几个人", "1"),
            ("照片", "好了"),
            ("请核对您填写的信息", "确认提交"),
        ];
        foreach (var (question, answer) in steps)
        {
            if (question.Length > 0) await SeeAsync(page, question);
            await input.FillAsync(answer);
            await input.PressAsync("Enter");
        }

        await SeeAsync(page, "已提交。您的信访事项编号是 XF");
        var screens = Path.Combine(Path.GetTempPath(), "petitionbot-screens");
        Directory.CreateDirectory(screens);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screens, "filed.png"), FullPage = true });
        // The summary masked the ID number before confirmation.
        await SeeAsync(page, "1101**********1233");
    }

    private static async Task SeeAsync(IPage page, string text)
    {
        try
        {
            await Assertions.Expect(page.GetByText(text, new() { Exact = false }).Last).ToBeVisibleAsync(new() { Timeout = 30_000 });
        }
        catch (PlaywrightException)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "petitionbot-filing-failure.png"), FullPage = true });
            throw;
        }
    }
}
