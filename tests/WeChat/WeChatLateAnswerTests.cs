using System.Text;
using System.Text.Json.Nodes;
using PetitionBot.Bot.Channels.WeChat;
using PetitionBot.Bot.Conversation;
using PetitionBot.Bot.Notifications;
using static PetitionBot.Tests.WeChat.WeChatFixture;

using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.WeChat;

/// <summary>The 5-second rule and the 2,048-byte limit: each test has its own bot, since they play with the clock.</summary>
public class WeChatLateAnswerTests : IAsyncLifetime
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

    /// <summary>The engine holds the user's question past WeChat's wait: the passive reply is a bare "success"; then it answers.</summary>
    private async Task AskSlowlyAsync(string user)
    {
        _app.Engine.Hold();
        var response = _app.PostSafeAsync(WeChatApp.Text(user, "一个很难的问题", NewMsgId())).OkBodyAsync();
        await _app.Engine.Entered.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("success", await _app.AdvanceUntilAsync(response, TimeSpan.FromSeconds(1)));

        _app.Engine.Release();
    }

    [Fact]
    public async Task Slow_answer_gets_success_at_once_and_then_arrives_by_customer_service_message()
    {
        var user = NewUser();
        await AskSlowlyAsync(user);
        var queued = Assert.Single(await _app.OutboxForAsync(user, 1));
        Assert.Equal(("wechat", "reply", "您问的是：一个很难的问题"), (queued.Channel, queued.Kind, queued.Text));

        // The dispatcher is woken by the queued row itself: the test clock stands still, so no poll interval passes.
        var sent = Assert.Single(await WaitForCallsAsync("/cgi-bin/message/custom/send", 1));
        Assert.Equal(user, sent.Body!["touser"]!.GetValue<string>());
        Assert.Equal("您问的是：一个很难的问题", sent.Body["text"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_late_answer_counts_as_a_passive_reply_miss_and_a_prompt_one_does_not()
    {
        using var metrics = new MetricRecorder(_app.Services);
        await _app.PostSafeAsync(WeChatApp.Text(NewUser(), "一个简单的问题", NewMsgId())).OkBodyAsync();
        var user = NewUser();
        await AskSlowlyAsync(user);
        Assert.Single(await _app.OutboxForAsync(user, 1));

        Assert.Equal(1, metrics.Total("petitionbot.wechat.passive_reply_misses", ("channel", "wechat")));
    }

    [Fact]
    public async Task Retry_of_a_message_answered_late_gets_success_and_no_second_answer()
    {
        var user = NewUser();
        var message = WeChatApp.Text(user, "慢问题", NewMsgId());
        _app.Engine.Hold();
        var first = _app.PostPlainAsync(message).OkBodyAsync();
        await _app.Engine.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("success", await _app.AdvanceUntilAsync(first, TimeSpan.FromSeconds(1)));

        Assert.Equal("success", await _app.PostPlainAsync(message).OkBodyAsync());
        _app.Engine.Release();
        Assert.Single(await _app.OutboxForAsync(user, 1));
        Assert.Single(_app.Engine.Received, m => m.UserId == user);
    }

    [Fact]
    public async Task Long_answer_is_shortened_and_full_text_brings_the_rest_without_repeating_it()
    {
        var user = NewUser();
        var answer = string.Concat(Enumerable.Range(1, 60).Select(i => $"第{i}点：信访人可以依法提出复查请求。\n")).TrimEnd();
        _app.Engine.Answer = _ => [new BotReply(answer)];

        var shortened = WeChatApp.ContentOf(await _app.PostPlainAsync(WeChatApp.Text(user, "详细说说", NewMsgId())).OkBodyAsync());
        Assert.True(Encoding.UTF8.GetByteCount(shortened) <= 2048);
        Assert.EndsWith("回复“全文”查看其余部分）", shortened);

        var rest = WeChatApp.ContentOf(await _app.PostPlainAsync(WeChatApp.Text(user, "全文", NewMsgId())).OkBodyAsync());
        var head = shortened[..shortened.IndexOf("\n……", StringComparison.Ordinal)];
        Assert.Equal(answer, head + "\n" + rest);
        // Both fitted in passive replies: nothing spent the customer-service quota (the first reply's rows, had there
        // been any, were written with the rest that "全文" found).
        Assert.Empty(await _app.OutboxForAsync(user, 0));
        Assert.Single(_app.Engine.Received, m => m.UserId == user);
    }

    [Fact]
    public async Task Full_text_after_a_later_short_answer_does_not_bring_back_the_earlier_answers_rest()
    {
        var user = NewUser();
        var answer = string.Concat(Enumerable.Range(1, 60).Select(i => $"第{i}点：信访人可以依法提出复查请求。\n")).TrimEnd();
        _app.Engine.Answer = m => m.Text == "详细说说" ? [new BotReply(answer)] : FakeEngine.Scripted(m);

        var shortened = WeChatApp.ContentOf(await _app.PostPlainAsync(WeChatApp.Text(user, "详细说说", NewMsgId())).OkBodyAsync());
        Assert.EndsWith("回复“全文”查看其余部分）", shortened);
        Assert.Equal("您问的是：复查期限", WeChatApp.ContentOf(await _app.PostPlainAsync(WeChatApp.Text(user, "复查期限", NewMsgId())).OkBodyAsync()));

        // "全文" now means the short answer's rest, and it has none: the engine answers it like any other message.
        var reply = WeChatApp.ContentOf(await _app.PostPlainAsync(WeChatApp.Text(user, "全文", NewMsgId())).OkBodyAsync());
        Assert.Equal("您问的是：全文", reply);
        Assert.Equal(3, _app.Engine.Received.Count(m => m.UserId == user));
    }

    [Fact]
    public async Task Very_long_answer_comes_in_full_on_full_text_the_rest_by_customer_service_message()
    {
        var user = NewUser();
        var answer = new string('法', 3500); // 10,500 bytes: the passive reply, then four more messages
        _app.Engine.Answer = _ => [new BotReply(answer)];

        var shortened = WeChatApp.ContentOf(await _app.PostPlainAsync(WeChatApp.Text(user, "全部条文", NewMsgId())).OkBodyAsync());
        Assert.EndsWith("回复“全文”查看其余部分）", shortened);
        Assert.True(Encoding.UTF8.GetByteCount(shortened) <= 2048);

        var first = WeChatApp.ContentOf(await _app.PostPlainAsync(WeChatApp.Text(user, "全文", NewMsgId())).OkBodyAsync());
        var rest = await _app.OutboxForAsync(user, 4);
        var head = shortened[..shortened.IndexOf("\n……", StringComparison.Ordinal)];
        Assert.Equal(answer, head + first + string.Concat(rest.Select(r => r.Text)));
        Assert.Single(_app.Engine.Received, m => m.UserId == user);
    }

    [Fact]
    public async Task Passive_reply_timeout_above_four_and_a_half_seconds_is_refused_at_start()
    {
        await using var app = new WeChatApp(_api, s => s["WeChat:PassiveReplyTimeout"] = "00:00:06");
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("WeChat:PassiveReplyTimeout", error.ToString());
    }

    private async Task<IReadOnlyList<ApiCall>> WaitForCallsAsync(string path, int count)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (_api.CallsTo(path).Count < count && DateTime.UtcNow < until) await Task.Delay(20);
        await Task.Delay(200); // and no more than that
        return _api.CallsTo(path);
    }
}
