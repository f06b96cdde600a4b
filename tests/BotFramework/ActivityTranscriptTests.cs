using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Notifications;

using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.BotFramework;

/// <summary>What a Bot Framework user sees: transcripts through /api/messages (expectReplies) and the connector.</summary>
public class ActivityTranscriptTests(BotFrameworkFixture bot) : IClassFixture<BotFrameworkFixture>
{
    [Fact]
    public async Task Expect_replies_answers_in_the_body_and_posts_nothing()
    {
        var activity = bot.Message("你好");
        activity["deliveryMode"] = "expectReplies";

        var response = await bot.PostSignedAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        var reply = Assert.Single(body!["activities"]!.AsArray())!.AsObject();
        Assert.Equal("message", reply.Str("type"));
        Assert.Equal("您问的是：你好", reply.Str("text"));
        Assert.Equal(activity.Id(), reply.Str("replyToId"));
        Assert.Equal(activity.Conversation(), reply["conversation"].Str("id"));
        Assert.Empty(bot.Cloud.CallsFor(activity.Conversation()));
    }

    [Fact]
    public async Task Wage_question_gets_a_cited_answer_with_the_route_as_a_hero_card_and_choices()
    {
        var activity = bot.Message("老板拖欠工资怎么办");
        activity["deliveryMode"] = "expectReplies";

        var body = await (await bot.PostSignedAsync(activity)).Content.ReadFromJsonAsync<JsonObject>();

        var reply = Assert.Single(body!["activities"]!.AsArray())!.AsObject();
        Assert.Contains("第三十一条", reply.Str("text"));
        var card = Assert.Single(reply["attachments"]!.AsArray())!;
        Assert.Equal("application/vnd.microsoft.card.hero", card.Str("contentType"));
        Assert.Equal("劳动争议仲裁", card["content"].Str("title"));
        var button = Assert.Single(card["content"]!["buttons"]!.AsArray())!;
        Assert.Equal("openUrl", button.Str("type"));
        Assert.Equal("https://example.org/routes/labor-arbitration", button.Str("value"));
        var actions = reply["suggestedActions"]!["actions"]!.AsArray();
        Assert.Equal(["我要信访", "返回菜单"], actions.Select(a => a.Str("value")));
        Assert.All(actions, a => Assert.Equal("imBack", a.Str("type")));
    }

    [Fact]
    public async Task Members_added_get_a_welcome_with_the_menu_and_the_bot_itself_gets_none()
    {
        var activity = bot.Message("");
        activity.Remove("text");
        activity["type"] = "conversationUpdate";
        activity["membersAdded"] = new JsonArray(
            new JsonObject { ["id"] = "28:bot", ["name"] = "信访助手" },
            new JsonObject { ["id"] = activity.User() });

        var response = await bot.PostSignedAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(bot.Cloud.CallsFor(activity.Conversation()));
        Assert.Equal("您好，我是信访助手。请选择您要办理的事项：", call.Text);
        Assert.Equal(activity.User(), call.Activity["recipient"].Str("id"));
        Assert.Equal(FakeEngine.Menu, call.Activity["suggestedActions"]!["actions"]!.AsArray().Select(a => a.Str("title")));
        var welcomed = Assert.Single(bot.App.Engine.Received, m => m.Event?.Kind == "welcome" && m.DeliveryId!.Contains(activity.Conversation()));
        Assert.Equal(activity.User(), welcomed.UserId);
    }

    [Fact]
    public async Task Card_button_value_is_taken_as_what_the_user_said()
    {
        var activity = bot.Message("");
        activity.Remove("text");
        activity["value"] = new JsonObject { ["text"] = "我要信访" };
        activity["deliveryMode"] = "expectReplies";

        var body = await (await bot.PostSignedAsync(activity)).Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal("好的，我们开始登记信访事项。请问您的姓名？", body!["activities"]![0].Str("text"));
        Assert.Equal("我要信访", Assert.Single(bot.App.Engine.From(activity.User())).Text);
    }

    [Fact]
    public async Task Other_activity_types_are_acknowledged_and_ignored()
    {
        var activity = bot.Message("");
        activity.Remove("text");
        activity["type"] = "messageReaction";

        var response = await bot.PostSignedAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(bot.Cloud.CallsFor(activity.Conversation()));
        Assert.Empty(bot.App.Engine.From(activity.User()));
    }

    [Fact]
    public async Task Connector_token_comes_from_client_credentials_and_is_reused()
    {
        await bot.PostSignedAsync(bot.Message("第一条"));
        var requests = bot.Cloud.TokenRequests.Count;

        var second = bot.Message("第二条");
        await bot.PostSignedAsync(second);

        Assert.Equal(requests, bot.Cloud.TokenRequests.Count);
        var form = bot.Cloud.TokenRequests.First();
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal(FakeBotFrameworkCloud.AppId, form["client_id"]);
        Assert.Equal("https://api.botframework.com/.default", form["scope"]);
        Assert.StartsWith("Bearer connector-token-", Assert.Single(bot.Cloud.CallsFor(second.Conversation())).Authorization);
    }

    [Fact]
    public async Task Busy_connector_is_retried_until_the_reply_arrives()
    {
        var activity = bot.Message("你好");
        bot.Cloud.ConnectorFailures.Enqueue(HttpStatusCode.ServiceUnavailable);
        bot.Cloud.ConnectorFailures.Enqueue(HttpStatusCode.TooManyRequests);

        var response = await bot.PostSignedAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var calls = bot.Cloud.CallsFor(activity.Conversation());
        Assert.Equal(3, calls.Length);
        Assert.All(calls, c => Assert.Equal("您问的是：你好", c.Text));
    }

    [Fact]
    public async Task Status_notice_reaches_the_users_stored_conversation()
    {
        var activity = bot.Message("你好");
        await bot.PostSignedAsync(activity);

        var result = await Send(new OutboxMessage
        {
            Channel = "botframework", UserId = activity.User(), Kind = "status",
            Text = "您的信访件 XF20260101-0001 已受理。", DedupKey = Guid.NewGuid().ToString(),
        });

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        var notice = bot.Cloud.CallsFor(activity.Conversation()).Last();
        Assert.Null(notice.ReplyToId);
        Assert.Equal("您的信访件 XF20260101-0001 已受理。", notice.Text);
        Assert.Equal(activity.User(), notice.Activity["recipient"].Str("id"));
    }

    [Fact]
    public async Task Status_notice_for_a_user_never_seen_is_given_up()
    {
        var result = await Send(new OutboxMessage
        {
            Channel = "botframework", UserId = "nobody", Kind = "status", Text = "x", DedupKey = Guid.NewGuid().ToString(),
        });

        Assert.Equal(DeliveryOutcome.GiveUp, result.Outcome);
    }

    private async Task<DeliveryResult> Send(OutboxMessage message)
    {
        await using var scope = bot.App.Services.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetServices<INotificationSender>().Single(s => s.Channel == "botframework");
        return await sender.SendAsync(message, CancellationToken.None);
    }
}
