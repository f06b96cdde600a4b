using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Notifications;
using PetitionBot.Bot.Reception;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Reception;

/// <summary>GET /api/reception-days, POST /api/bookings, DELETE /api/bookings/{bookingNo}?phone=LAST4.</summary>
public class BookingApiTests
{
    private static readonly DateOnly Friday = new(2026, 11, 27); // the host's clock starts on Wednesday 2026-11-25

    private static BotHost Start(Db db = Db.Sqlite) => BotHost.Start(db, new BotHostOptions
    {
        Settings = new Dictionary<string, string?>
        {
            ["Petitions:StatusLookupsPerMinute"] = "10000",
            ["Office:DeadlineWatchEnabled"] = "false",
            ["Reception:Reminders:Enabled"] = "false",
        },
    });

    private static Task<HttpResponseMessage> BookAsync(BotHost host, long dayId, string phone = "13800138000", string matter = "小区旁工地夜间施工扰民") =>
        host.Client.PostAsJsonAsync("/api/bookings", new { dayId, name = "张三", phone, matter });

    private static async Task<JsonElement> DaysAsync(BotHost host) =>
        JsonDocument.Parse(await host.Client.GetStringAsync("/api/reception-days")).RootElement;

    [Fact]
    public async Task Upcoming_days_show_date_place_leader_topics_and_free_slots()
    {
        await using var host = Start();
        var past = await ReceptionData.PublishDayAsync(host, new DateOnly(2026, 11, 20), 3);
        var id = await ReceptionData.PublishDayAsync(host, Friday, 3);

        var days = await DaysAsync(host);

        var day = Assert.Single(days.EnumerateArray());
        Assert.Equal(["id", "date", "place", "leader", "topics", "freeSlots"], day.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id, day.GetProperty("id").GetInt64());
        Assert.Equal("2026-11-27", day.GetProperty("date").GetString());
        Assert.Contains("区信访局接待大厅", day.GetProperty("place").GetString());
        Assert.Equal("王建国 副区长", day.GetProperty("leader").GetString());
        Assert.Equal(["征地拆迁", "劳动保障"], day.GetProperty("topics").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(3, day.GetProperty("freeSlots").GetInt32());
        Assert.NotEqual(past, id);
    }

    [Fact]
    public async Task A_booking_gets_a_number_and_the_free_slots_drop()
    {
        await using var host = Start();
        var id = await ReceptionData.PublishDayAsync(host, Friday, 3);

        var response = await BookAsync(host, id);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var bookingNo = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("bookingNo").GetString();
        Assert.Matches(@"^YY1127-[2-9A-Z]{4}$", bookingNo);
        Assert.Equal(2, (await DaysAsync(host))[0].GetProperty("freeSlots").GetInt32());
    }

    [Fact]
    public async Task A_full_day_answers_409_with_a_reason()
    {
        await using var host = Start();
        var id = await ReceptionData.PublishDayAsync(host, Friday, 1);
        await BookAsync(host, id);

        var response = await BookAsync(host, id, phone: "13900139000");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("名额已满", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrong_phone_and_a_matter_of_several_lines_are_refused_in_chinese()
    {
        await using var host = Start();
        var id = await ReceptionData.PublishDayAsync(host, Friday, 3);

        var response = await BookAsync(host, id, phone: "1380013", matter: "第一行\n第二行");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("手机号应为11位数字", errors.GetProperty("phone")[0].GetString());
        Assert.Contains("写成一行", errors.GetProperty("matter")[0].GetString());
        Assert.Equal(3, (await DaysAsync(host))[0].GetProperty("freeSlots").GetInt32());
    }

    [Fact]
    public async Task Wrong_phone_digits_cannot_cancel_and_do_not_tell_whether_the_number_exists()
    {
        await using var host = Start();
        var id = await ReceptionData.PublishDayAsync(host, Friday, 3);
        var bookingNo = (await (await BookAsync(host, id)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("bookingNo").GetString();

        var wrongDigits = await host.Client.DeleteAsync($"/api/bookings/{bookingNo}?phone=1234");
        var unknownNumber = await host.Client.DeleteAsync("/api/bookings/YY1127-ZZZZ?phone=8000");

        Assert.Equal(HttpStatusCode.NotFound, wrongDigits.StatusCode);
        Assert.Equal(await unknownNumber.Content.ReadAsStringAsync(), await wrongDigits.Content.ReadAsStringAsync());
        Assert.Equal(2, (await DaysAsync(host))[0].GetProperty("freeSlots").GetInt32());
    }

    [Fact]
    public async Task Cancelling_gives_the_slot_back_once()
    {
        await using var host = Start();
        var id = await ReceptionData.PublishDayAsync(host, Friday, 1);
        var bookingNo = (await (await BookAsync(host, id)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("bookingNo").GetString();

        var cancelled = await host.Client.DeleteAsync($"/api/bookings/{bookingNo}?phone=8000");
        var again = await host.Client.DeleteAsync($"/api/bookings/{bookingNo}?phone=8000");

        Assert.Equal(HttpStatusCode.NoContent, cancelled.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(1, (await DaysAsync(host))[0].GetProperty("freeSlots").GetInt32());
        Assert.Equal(HttpStatusCode.Created, (await BookAsync(host, id, phone: "13900139000")).StatusCode);
    }

    [Fact]
    public async Task The_phone_number_is_not_stored_in_clear()
    {
        await using var host = Start();
        var id = await ReceptionData.PublishDayAsync(host, Friday, 3);
        await BookAsync(host, id);

        await host.WithDbAsync(async db =>
        {
            var booking = await db.Set<VisitBooking>().SingleAsync();
            Assert.DoesNotContain("13800138000", booking.PhoneProtected);
            Assert.Equal("138****8000", booking.PhoneMasked);
        });
    }

    [Fact]
    public Task Two_instances_never_overbook_a_day_on_sqlite() => NoOverbooking(Db.Sqlite);

    [PostgresFact]
    public Task Two_instances_never_overbook_a_day_on_postgres() => NoOverbooking(Db.Postgres);

    private static async Task NoOverbooking(Db db)
    {
        const int capacity = 5, attempts = 40;
        await using var host = Start(db);
        await using var second = host.SecondInstance();
        var id = await ReceptionData.PublishDayAsync(host, Friday, capacity);

        var answers = await Task.WhenAll(Enumerable.Range(0, attempts).Select(i =>
            BookAsync(i % 2 == 0 ? host : second, id, phone: $"139{i:D8}")));

        Assert.Equal(capacity, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(attempts - capacity, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(0, (await DaysAsync(second))[0].GetProperty("freeSlots").GetInt32());
        await host.WithDbAsync(async d => Assert.Equal(capacity, await d.Set<VisitBooking>().CountAsync()));
    }

    [Fact]
    public async Task A_visit_booked_in_the_web_chat_is_reminded_with_the_next_message_the_day_before()
    {
        await using var host = Start();
        await ReceptionData.PublishDayAsync(host, Friday, 3);
        const string user = "web-citizen-0001";
        foreach (var text in new[] { "我想预约", "1", "张三", "13800138000", "小区旁工地夜间施工扰民", "确认预约" })
            await host.SayAsync(user, text);

        await host.WithScopeAsync(sp => sp.GetRequiredService<VisitReminders>().QueueAsync(new DateOnly(2026, 11, 26), default));
        var next = await host.SayAsync(user, "你好");

        Assert.StartsWith("【走访预约提醒】您预约的领导接访日是明天 11月27日（周五）", next.Replies[0].Text);
    }

    [Fact]
    public async Task A_chat_booking_is_reminded_the_day_before_and_a_web_booking_has_no_channel_to_remind()
    {
        await using var host = Start();
        var id = await ReceptionData.PublishDayAsync(host, Friday, 3);
        await BookAsync(host, id);
        string? chatNo = null;
        await host.WithScopeAsync(async sp =>
        {
            var result = await sp.GetRequiredService<ReceptionDesk>().BookAsync(
                new BookingRequest(id, "李四", "13900139000", "医保报销材料被退回", "wechat", "openid-li-si", Guid.NewGuid().ToString("N")), default);
            chatNo = result.BookingNo;
            return 0;
        });

        var queued = await host.WithScopeAsync(sp => sp.GetRequiredService<VisitReminders>().QueueAsync(new DateOnly(2026, 11, 26), default));
        var again = await host.WithScopeAsync(sp => sp.GetRequiredService<VisitReminders>().QueueAsync(new DateOnly(2026, 11, 26), default));

        Assert.Equal(1, queued);
        Assert.Equal(0, again);
        await host.WithDbAsync(async db =>
        {
            var message = await db.Set<OutboxMessage>().SingleAsync(m => m.Kind == VisitReminders.Kind);
            Assert.Equal(("wechat", "openid-li-si"), (message.Channel, message.UserId));
            Assert.Contains(chatNo!, message.Text);
            Assert.Contains("明天", message.Text);
        });
    }
}
