using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Tests.Office;

namespace PetitionBot.Tests.Reception;

/// <summary>/office/reception: clerks publish days, see the day's bookings, mark visits and register them.</summary>
public class ReceptionOfficeTests
{
    // OfficeApp's clock: Monday 2026-03-02 10:00 Beijing time.
    private const string Wednesday = "2026-03-04";

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string handler, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        fields["__RequestVerificationToken"] = OfficeApp.Token(html);
        return await client.PostAsync($"{page}?handler={handler}", new FormUrlEncodedContent(fields));
    }

    /// <summary>张三 books the day on the public API, as from the citizens' page; the booking number.</summary>
    private static async Task<string> BookAsync(OfficeApp app, long dayId)
    {
        var booked = await app.CreateClient().PostAsJsonAsync("/api/bookings", new { dayId, name = "张三", phone = "13800138000", matter = "学校门口道路积水" });
        return (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("bookingNo").GetString()!;
    }

    /// <summary>The id the day page's forms post for the (only) booking on it.</summary>
    private static string BookingId(string dayHtml) => Regex.Match(dayHtml, "name=\"bookingId\" value=\"(\\d+)\"").Groups[1].Value;

    private static async Task<long> PublishAsync(OfficeApp app, HttpClient clerk, int capacity = 2)
    {
        await PostFormAsync(clerk, "/office/reception", "Place", new() { ["name"] = "区信访局接待大厅", ["address"] = "人民路18号", ["hours"] = "工作日 9:00-17:30" });
        var page = await clerk.GetStringAsync("/office/reception");
        var placeId = Regex.Match(page, "<option value=\"(\\d+)\">区信访局接待大厅</option>").Groups[1].Value;
        var response = await PostFormAsync(clerk, "/office/reception", "Day", new()
        {
            ["date"] = Wednesday, ["time"] = "9:00-11:30", ["placeId"] = placeId, ["leader"] = "李明 区长",
            ["topics"] = "城乡建设、教育", ["capacity"] = capacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var days = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/api/reception-days")).RootElement;
        return days[0].GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task A_day_a_clerk_publishes_is_offered_to_citizens()
    {
        await using var app = new OfficeApp();
        var clerk = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));

        await PublishAsync(app, clerk, capacity: 6);

        var day = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/api/reception-days")).RootElement[0];
        Assert.Equal(Wednesday, day.GetProperty("date").GetString());
        Assert.Equal("李明 区长", day.GetProperty("leader").GetString());
        Assert.Equal(6, day.GetProperty("freeSlots").GetInt32());
    }

    [Fact]
    public async Task The_day_view_masks_phones_and_an_attended_visit_opens_the_registration_form_filled_in()
    {
        await using var app = new OfficeApp();
        var clerk = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        var dayId = await PublishAsync(app, clerk);
        var bookingNo = await BookAsync(app, dayId);
        var dayPage = $"/office/reception/days/{dayId}";

        var html = await clerk.GetStringAsync(dayPage);
        Assert.Contains(bookingNo, html);
        Assert.Contains("138****8000", html);
        Assert.DoesNotContain("13800138000", html);

        var bookingId = BookingId(html);
        await PostFormAsync(clerk, dayPage, "Mark", new() { ["bookingId"] = bookingId, ["attended"] = "true" });
        Assert.Contains("已到访", await clerk.GetStringAsync(dayPage));
        var register = await PostFormAsync(clerk, dayPage, "Register", new() { ["bookingId"] = bookingId });

        Assert.Equal(HttpStatusCode.Redirect, register.StatusCode);
        Assert.Equal(
            $"/office/petitions/new?source=leader-reception&name=%E5%BC%A0%E4%B8%89&phone=13800138000&request={Uri.EscapeDataString("学校门口道路积水")}" +
            $"&receivedOn={Wednesday}&bookingNo={bookingNo}",
            register.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_attended_visit_registered_as_a_petition_shows_its_tracking_number_on_the_day()
    {
        await using var app = new OfficeApp();
        var clerk = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        var dayId = await PublishAsync(app, clerk);
        var bookingNo = await BookAsync(app, dayId);
        var dayPage = $"/office/reception/days/{dayId}";
        var bookingId = BookingId(await clerk.GetStringAsync(dayPage));
        await PostFormAsync(clerk, dayPage, "Mark", new() { ["bookingId"] = bookingId, ["attended"] = "true" });

        var form = PetitionBot.Tests.Office.RegistrationOffice.Letter(app, daysAgo: 0, source: "leader-reception");
        form["bookingNo"] = bookingNo;
        var (response, body) = await PetitionBot.Tests.Office.RegistrationOffice.PostAsync(clerk, form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var trackingNo = body.GetProperty("trackingNo").GetString()!;

        var html = await clerk.GetStringAsync(dayPage);
        Assert.Contains($"已登记 <a href=\"/office/petitions/{trackingNo}\"", html);
        Assert.DoesNotContain("登记为信访事项</button>", html);
        Assert.Contains("领导接访", await clerk.GetStringAsync($"/office/petitions/{trackingNo}"));
    }

    [Fact]
    public async Task Capacity_cannot_go_below_the_bookings_made_and_raising_it_frees_slots()
    {
        await using var app = new OfficeApp();
        var clerk = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        var dayId = await PublishAsync(app, clerk, capacity: 2);
        await app.CreateClient().PostAsJsonAsync("/api/bookings", new { dayId, name = "张三", phone = "13800138000", matter = "学校门口道路积水" });
        await app.CreateClient().PostAsJsonAsync("/api/bookings", new { dayId, name = "李四", phone = "13900139000", matter = "小区停车位被占" });
        var page = await clerk.GetStringAsync("/office/reception");
        var placeId = Regex.Match(page, "<option value=\"(\\d+)\">区信访局接待大厅</option>").Groups[1].Value;
        Dictionary<string, string> Edit(int capacity) => new()
        {
            ["id"] = dayId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["date"] = Wednesday, ["placeId"] = placeId,
            ["leader"] = "李明 区长", ["capacity"] = capacity.ToString(System.Globalization.CultureInfo.InvariantCulture), ["active"] = "true",
        };

        var lowered = await PostFormAsync(clerk, "/office/reception", "Day", Edit(1));
        var freeAfterLowering = await FreeSlotsAsync(app);
        await PostFormAsync(clerk, "/office/reception", "Day", Edit(5));

        Assert.Contains("名额不能少于已预约的人数", await lowered.Content.ReadAsStringAsync());
        Assert.Equal(0, freeAfterLowering);
        Assert.Equal(3, await FreeSlotsAsync(app));
    }

    private static async Task<int> FreeSlotsAsync(OfficeApp app) =>
        JsonDocument.Parse(await app.CreateClient().GetStringAsync("/api/reception-days")).RootElement[0].GetProperty("freeSlots").GetInt32();

    [Fact]
    public async Task Duty_lawyers_and_visitors_without_a_session_cannot_open_the_reception_pages()
    {
        await using var app = new OfficeApp();
        var lawyer = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.DutyLawyer));
        var anonymous = app.Browser();

        Assert.Equal(HttpStatusCode.Forbidden, (await lawyer.GetAsync("/office/reception")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/office/reception/days/1")).StatusCode);
    }
}
