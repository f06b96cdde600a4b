using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Channels.WeChat;
using PetitionBot.Bot.Notifications;
using static PetitionBot.Tests.WeChat.WeChatFixture;

namespace PetitionBot.Tests.WeChat;

/// <summary>Customer-service and template messages, their quota, and the access_token; a bot per test (clock and API state).</summary>
public class WeChatNotificationTests : IAsyncLifetime
{
    private FakeWeChatApi _api = null!;
    private WeChatApp _app = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeWeChatApi.StartAsync();
        _app = new WeChatApp(_api);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _api.DisposeAsync();
    }

    private async Task<string> UserWhoJustWroteAsync(WeChatApp? app = null)
    {
        app ??= _app;
        var user = NewUser();
        await app.PostPlainAsync(WeChatApp.Text(user, "你好", NewMsgId())).OkBodyAsync();
        await app.WaitForInboundAsync(user);
        return user;
    }

    private IReadOnlyList<ApiCall> CustomSends => _api.CallsTo("/cgi-bin/message/custom/send");

    [Fact]
    public async Task Message_within_48_hours_of_the_users_message_is_delivered()
    {
        var user = await UserWhoJustWroteAsync();
        _app.Time.Advance(TimeSpan.FromHours(47));

        Assert.Equal(DeliveryOutcome.Delivered, (await _app.SendAsync(WeChatApp.Notice(user, "您的信访事项已受理"))).Outcome);
        var sent = Assert.Single(CustomSends);
        Assert.Equal(("text", "您的信访事项已受理"), (sent.Body!["msgtype"]!.GetValue<string>(), sent.Body["text"]!["content"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Message_after_48_hours_is_given_up_without_calling_wechat()
    {
        var user = await UserWhoJustWroteAsync();
        _app.Time.Advance(TimeSpan.FromHours(49));

        var result = await _app.SendAsync(WeChatApp.Notice(user, "迟到的消息"));
        Assert.Equal(DeliveryOutcome.GiveUp, result.Outcome);
        Assert.Contains("48", result.Error);
        Assert.Empty(CustomSends);
    }

    [Fact]
    public async Task Sixth_message_after_one_user_message_is_given_up()
    {
        var user = await UserWhoJustWroteAsync();
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(DeliveryOutcome.Delivered, (await _app.SendAsync(WeChatApp.Notice(user, $"第{i}条"))).Outcome);
        }
        Assert.Equal(DeliveryOutcome.GiveUp, (await _app.SendAsync(WeChatApp.Notice(user, "第6条"))).Outcome);
        Assert.Equal(5, CustomSends.Count);
    }

    [Fact]
    public async Task A_new_message_from_the_user_restores_the_quota()
    {
        var user = await UserWhoJustWroteAsync();
        for (var i = 1; i <= 5; i++) await _app.SendAsync(WeChatApp.Notice(user, $"第{i}条"));

        await _app.PostPlainAsync(WeChatApp.Text(user, "还有问题", NewMsgId())).OkBodyAsync();
        await _app.WaitForInboundAsync(user);
        Assert.Equal(DeliveryOutcome.Delivered, (await _app.SendAsync(WeChatApp.Notice(user, "第6条"))).Outcome);
    }

    [Fact]
    public async Task A_failed_send_does_not_use_up_the_quota()
    {
        var user = await UserWhoJustWroteAsync();
        _api.FailNextSend(-1);
        Assert.Equal(DeliveryOutcome.RetryLater, (await _app.SendAsync(WeChatApp.Notice(user, "系统繁忙时"))).Outcome);
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(DeliveryOutcome.Delivered, (await _app.SendAsync(WeChatApp.Notice(user, $"第{i}条"))).Outcome);
        }
    }

    [Fact]
    public async Task User_who_never_wrote_cannot_get_a_customer_service_message()
    {
        Assert.Equal(DeliveryOutcome.GiveUp, (await _app.SendAsync(WeChatApp.Notice(NewUser(), "你好"))).Outcome);
        Assert.Empty(CustomSends);
    }

    [Fact]
    public async Task WeChat_errcode_is_reported_and_decides_between_retry_and_give_up()
    {
        var user = await UserWhoJustWroteAsync();
        _api.FailNextSend(45009);
        var busy = await _app.SendAsync(WeChatApp.Notice(user, "a"));
        Assert.Equal((DeliveryOutcome.RetryLater, true), (busy.Outcome, busy.Error!.Contains("45009")));

        _api.FailNextSend(43004); // the user has unfollowed
        var gone = await _app.SendAsync(WeChatApp.Notice(user, "b"));
        Assert.Equal((DeliveryOutcome.GiveUp, true), (gone.Outcome, gone.Error!.Contains("43004")));
    }

    [Fact]
    public async Task Status_change_goes_by_template_message_when_a_template_is_configured()
    {
        await using var app = new WeChatApp(_api, s =>
        {
            s["WeChat:TemplateId"] = "TPL-STATUS";
            s["WeChat:TemplateUrl"] = "https://xf.example.cn/status";
        });
        var user = NewUser(); // never wrote: templates do not need the 48 h window

        var result = await app.SendAsync(WeChatApp.Notice(user, "已受理", kind: "status", trackingNo: "XF20261125-0001"));

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        var sent = Assert.Single(_api.CallsTo("/cgi-bin/message/template/send")).Body!;
        Assert.Equal("TPL-STATUS", sent["template_id"]!.GetValue<string>());
        Assert.Equal(user, sent["touser"]!.GetValue<string>());
        Assert.Equal("XF20261125-0001", sent["data"]!["keyword1"]!["value"]!.GetValue<string>());
        Assert.Equal("已受理", sent["data"]!["keyword2"]!["value"]!.GetValue<string>());
        Assert.Equal("https://xf.example.cn/status", sent["url"]!.GetValue<string>());
        Assert.Empty(CustomSends);
    }

    [Fact]
    public async Task Status_change_without_a_template_goes_as_customer_service_message()
    {
        var user = await UserWhoJustWroteAsync();
        Assert.Equal(DeliveryOutcome.Delivered,
            (await _app.SendAsync(WeChatApp.Notice(user, "已转送办理单位", kind: "status", trackingNo: "XF20261125-0002"))).Outcome);
        Assert.Single(CustomSends);
        Assert.Empty(_api.CallsTo("/cgi-bin/message/template/send"));
    }

    [Fact]
    public async Task Access_token_is_fetched_once_kept_in_the_database_and_reused()
    {
        var user = await UserWhoJustWroteAsync();
        await _app.SendAsync(WeChatApp.Notice(user, "一"));
        await _app.SendAsync(WeChatApp.Notice(user, "二"));

        Assert.Single(_api.CallsTo("/cgi-bin/stable_token"));
        Assert.All(CustomSends, c => Assert.Equal("TOKEN-1", c.AccessToken));
        var stored = await _app.WithDbAsync(db => db.Set<WeChatAccessToken>().AsNoTracking().SingleAsync());
        Assert.Equal(("wechat:" + FakeWeChatApi.AppId, "TOKEN-1"), (stored.Key, stored.Token));
    }

    [Fact]
    public async Task Another_instance_uses_the_token_in_the_database()
    {
        var user = await UserWhoJustWroteAsync();
        await _app.SendAsync(WeChatApp.Notice(user, "一"));
        await using var other = new WeChatApp(_api, database: _app.Database);
        await other.SendAsync(WeChatApp.Notice(user, "二"));

        Assert.Single(_api.CallsTo("/cgi-bin/stable_token"));
    }

    [Fact]
    public async Task Access_token_is_refreshed_five_minutes_before_it_expires()
    {
        var user = await UserWhoJustWroteAsync();
        await _app.SendAsync(WeChatApp.Notice(user, "一"));
        _app.Time.Advance(TimeSpan.FromSeconds(7200 - 310));
        await _app.SendAsync(WeChatApp.Notice(user, "二"));
        Assert.Single(_api.CallsTo("/cgi-bin/stable_token"));

        _app.Time.Advance(TimeSpan.FromSeconds(20)); // now 4 min 50 s before expiry
        await _app.SendAsync(WeChatApp.Notice(user, "三"));
        Assert.Equal(2, _api.CallsTo("/cgi-bin/stable_token").Count);
    }

    [Fact]
    public async Task Expired_token_is_refreshed_once_and_the_message_still_arrives()
    {
        var user = await UserWhoJustWroteAsync();
        await _app.SendAsync(WeChatApp.Notice(user, "一"));
        _api.ExpireTokens(); // WeChat now answers 42001 to TOKEN-1

        Assert.Equal(DeliveryOutcome.Delivered, (await _app.SendAsync(WeChatApp.Notice(user, "二"))).Outcome);
        var tokenCalls = _api.CallsTo("/cgi-bin/stable_token");
        Assert.Equal(2, tokenCalls.Count);
        Assert.True(tokenCalls[1].Body!["force_refresh"]!.GetValue<bool>());
        Assert.Equal(["TOKEN-1", "TOKEN-1", "TOKEN-2"], CustomSends.Select(c => c.AccessToken));
    }
}
