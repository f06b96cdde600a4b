using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Channels.WeChat;
using PetitionBot.Bot.Notifications;
using static PetitionBot.Tests.WeChat.WeChatFixture;

namespace PetitionBot.Tests.WeChat;

/// <summary>A customer-service message WeChat took but answered too late for is not sent a second time.</summary>
public class WeChatUnknownOutcomeTests
{
    [Fact]
    public async Task A_send_answered_after_the_time_out_is_given_up_not_repeated()
    {
        await using var api = await FakeWeChatApi.StartAsync();
        // The time-out must leave room for the access_token call before the send on a loaded machine (CI's 2 cores
        // took over 0.5 s for that first call once); only the send itself answers late.
        await using var app = new WeChatApp(api, services: s =>
            s.AddHttpClient<WeChatApi>(http => http.Timeout = TimeSpan.FromSeconds(3)));
        var user = NewUser();
        await app.PostSafeAsync(WeChatApp.Text(user, "你好", NewMsgId())).OkBodyAsync();
        await app.WaitForInboundAsync(user);
        api.AnswerLate = TimeSpan.FromSeconds(8);

        var result = await app.SendAsync(WeChatApp.Notice(user, "您的信访事项已受理。"));

        Assert.Equal(DeliveryOutcome.GiveUp, result.Outcome);
        Assert.Equal(WeChatNotificationSender.UnknownOutcome, result.Error);
        Assert.Single(api.CallsTo("/cgi-bin/message/custom/send"));
    }

    [Fact]
    public async Task A_send_that_could_not_connect_is_retried_later()
    {
        await using var api = await FakeWeChatApi.StartAsync();
        await using var app = new WeChatApp(api, s => s["WeChat:ApiBaseUrl"] = "http://127.0.0.1:9/");
        var user = NewUser();
        await app.PostSafeAsync(WeChatApp.Text(user, "你好", NewMsgId())).OkBodyAsync();
        await app.WaitForInboundAsync(user);

        var result = await app.SendAsync(WeChatApp.Notice(user, "您的信访事项已受理。"));

        Assert.Equal(DeliveryOutcome.RetryLater, result.Outcome);
    }
}
