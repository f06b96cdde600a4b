using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Channels.Web.DirectLine;
using PetitionBot.Bot.Channels.WeChat;
using PetitionBot.Bot.Conversation.Persistence;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Reception;
using System.Net.Http.Json;
using PetitionBot.Tests.DirectLine;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Data;

/// <summary>
/// The retention settings an operator sets (docs/operations.md): conversations (Conversation:Retention) and the channel
/// stores (DirectLine:Retention, WeChat:WindowRetention), all applied by the one hourly housekeeping run.
/// </summary>
public class RetentionTests
{
    [Fact]
    public async Task With_a_week_configured_conversations_and_channel_stores_go_after_a_week_and_not_before()
    {
        await using var host = BotHost.Start(options: new BotHostOptions
        {
            FakeKnowledge = true,
            Settings = new Dictionary<string, string?>
            {
                ["Conversation:Retention"] = "7.00:00:00",
                ["DirectLine:Retention"] = "7.00:00:00",
                ["WeChat:WindowRetention"] = "7.00:00:00",
            },
        });
        await host.SayAsync("web-retention-1", "你好");
        var directLine = new DirectLineClient(host.Client);
        (await directLine.GenerateAsync()).EnsureSuccessStatusCode();
        (await directLine.StartAsync()).EnsureSuccessStatusCode();
        (await directLine.SayAsync("你好")).EnsureSuccessStatusCode();
        await host.WithDbAsync(async db =>
        {
            db.Add(new WeChatUserWindow
            {
                Channel = "wechat", UserId = "o-retention-1", LastInboundUtc = host.Time.GetUtcNow().UtcDateTime, FullText = "上一条回答的其余部分",
            });
            await db.SaveChangesAsync();
        });

        host.Time.Advance(TimeSpan.FromDays(6));
        await host.Services.GetRequiredService<HousekeepingService>().RunOnceAsync(CancellationToken.None);
        var afterSixDays = await CountAsync(host);
        host.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await host.Services.GetRequiredService<HousekeepingService>().RunOnceAsync(CancellationToken.None);
        var afterAWeek = await CountAsync(host);

        Assert.Equal((true, true, true, true), afterSixDays);
        Assert.Equal((false, false, false, false), afterAWeek);
    }

    [Fact]
    public async Task A_booking_goes_the_configured_time_after_its_reception_day_and_not_before()
    {
        await using var host = BotHost.Start(options: new BotHostOptions
        {
            FakeKnowledge = true,
            Settings = new Dictionary<string, string?>
            {
                ["Reception:BookingRetention"] = "30.00:00:00",
                ["Reception:Reminders:Enabled"] = "false",
                ["Petitions:StatusLookupsPerMinute"] = "10000",
            },
        });
        var day = await Reception.ReceptionData.PublishDayAsync(host, new DateOnly(2026, 11, 27), 3);
        var booked = await host.Client.PostAsJsonAsync("/api/bookings", new { dayId = day, name = "张三", phone = "13800138000", matter = "小区旁工地夜间施工扰民" });
        Assert.Equal(System.Net.HttpStatusCode.Created, booked.StatusCode);
        var housekeeping = host.Services.GetRequiredService<HousekeepingService>();

        host.Time.Advance(TimeSpan.FromDays(2 + 29)); // the day was 2 days ahead: 29 days after it
        await housekeeping.RunOnceAsync(CancellationToken.None);
        var afterTwentyNine = await host.WithScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<VisitBooking>().AnyAsync());
        host.Time.Advance(TimeSpan.FromDays(2));
        await housekeeping.RunOnceAsync(CancellationToken.None);
        var afterThirtyOne = await host.WithScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<VisitBooking>().AnyAsync());

        Assert.True(afterTwentyNine);
        Assert.False(afterThirtyOne);
    }

    [Theory]
    [InlineData("Reception:BookingRetention", "12:00:00", "Reception:BookingRetention")]
    [InlineData("WeChat:WindowRetention", "1.00:00:00", "WeChat:WindowRetention")]
    [InlineData("Conversation:Retention", "12:00:00", "Conversation:Retention")]
    [InlineData("DirectLine:Retention", "5000.00:00:00", "DirectLine:Retention")]
    public void A_retention_out_of_range_stops_the_start_naming_the_setting(string key, string value, string named)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Knowledge:IndexPath", SharedIndex.Folder);
            b.UseSetting(key, value);
        });

        var ex = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(named, (ex as OptionsValidationException ?? ex.InnerException as OptionsValidationException ?? throw ex).Message);
    }

    private static Task<(bool Conversations, bool Lines, bool DirectLine, bool WeChatWindows)> CountAsync(BotHost host) =>
        host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PetitionDbContext>();
            return (await db.Set<ConversationRecord>().AnyAsync(),
                await db.Set<ConversationLine>().AnyAsync(),
                await db.Set<DirectLineActivity>().AnyAsync(),
                await db.Set<WeChatUserWindow>().AnyAsync());
        });
}
