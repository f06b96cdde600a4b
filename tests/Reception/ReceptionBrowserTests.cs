using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Reception;
using PetitionBot.Tests.Web;

namespace PetitionBot.Tests.Reception;

/// <summary>A citizen books a leader's reception day on "/" in chromium.</summary>
public class ReceptionBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [ChromiumFact]
    public async Task A_citizen_books_a_slot_on_the_page_and_sees_the_free_slots_drop()
    {
        var date = PetitionBot.Bot.Petitions.Clock.ChinaTime.Today(TimeProvider.System).AddDays(3);
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
            var place = new ReceptionPlace { Name = "区信访局接待大厅", Address = "人民路18号" };
            db.Add(place);
            await db.SaveChangesAsync();
            db.Add(new ReceptionDay { PlaceId = place.Id, Date = date, Leader = "赵刚 副区长", Topics = "城乡建设", Capacity = 3, FreeSlots = 3 });
            await db.SaveChangesAsync();
        }
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { Locale = "zh-CN" });
        await page.GotoAsync(fixture.BaseUrl + "/");
        var day = page.Locator("#reception-days li", new() { HasText = "赵刚 副区长" });
        await Assertions.Expect(day).ToContainTextAsync("剩余名额 3", new() { Timeout = 30_000 });

        var form = page.Locator("#booking-form");
        await form.GetByLabel("姓名").FillAsync("王五");
        await form.GetByLabel("联系电话").FillAsync("13700137000");
        await form.GetByLabel("反映事项").FillAsync("村道破损多年无人修");
        await form.GetByRole(AriaRole.Button, new() { Name = "预约", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("#booking-result")).ToContainTextAsync("预约成功，预约号 YY", new() { Timeout = 30_000 });
        await Assertions.Expect(day).ToContainTextAsync("剩余名额 2", new() { Timeout = 30_000 });
        await page.CloseAsync();
    }
}
