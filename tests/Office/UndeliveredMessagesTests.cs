using System.Text.Json;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Notifications;
using PetitionBot.Bot.Office.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace PetitionBot.Tests.Office;

/// <summary>Messages the outbox gave up on are shown to clerks and counted on the dashboard.</summary>
public class UndeliveredMessagesTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    [Fact]
    public async Task An_abandoned_message_is_listed_and_counted_on_the_dashboard()
    {
        var petition = await app.FilePetitionAsync();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PetitionDbContext>();
            db.Outbox.Add(new OutboxMessage
            {
                Channel = "wechat", UserId = "oU-undelivered", Kind = "status", Text = "您的信访事项已受理。",
                TrackingNo = petition.TrackingNo, DedupKey = "undelivered-1", CreatedUtc = now, NextAttemptUtc = now,
                AbandonedUtc = now, Attempts = 8, LastError = "errcode 45047",
            });
            db.Outbox.Add(new OutboxMessage
            {
                Channel = "wechat", UserId = "oU-delivered", Kind = "status", Text = "已送达", TrackingNo = petition.TrackingNo,
                DedupKey = "delivered-1", CreatedUtc = now, NextAttemptUtc = now, DeliveredUtc = now, Attempts = 1,
            });
            return await db.SaveChangesAsync();
        });
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Leader));

        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/office/dashboard?period=all"));
        var html = await client.GetStringAsync("/office/dashboard?period=all");

        Assert.Equal(1, json.RootElement.GetProperty("undeliveredNow").GetInt32());
        Assert.Contains("未送达的消息", html);
        Assert.Contains(petition.TrackingNo, html);
        Assert.Contains("errcode 45047", html);
        Assert.DoesNotContain("已送达", html);
    }
}
