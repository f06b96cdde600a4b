using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Channels.WeChat;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Conversation;
using PetitionBot.Bot.Conversation.Persistence;
using PetitionBot.Bot.Data;
using static PetitionBot.Tests.WeChat.WeChatFixture;

using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.WeChat;

public class WeChatDedupTests(WeChatFixture fixture) : IClassFixture<WeChatFixture>
{
    private WeChatApp App => fixture.App;

    private int AskedBy(string user) => App.Engine.Received.Count(m => m.UserId == user);

    [Fact]
    public async Task Three_quick_deliveries_of_one_message_are_answered_once_with_identical_replies()
    {
        var user = NewUser();
        var message = WeChatApp.Text(user, "信访事项多长时间办结", NewMsgId());
        var engine = App.Engine;
        engine.Hold();
        try
        {
            var first = App.PostSafeAsync(message).OkBodyAsync();
            await engine.Entered;
            // The retries arrive while the first delivery is still being answered.
            var second = App.PostSafeAsync(message).OkBodyAsync();
            var third = App.PostSafeAsync(message).OkBodyAsync();
            engine.Release();
            var replies = (await Task.WhenAll(first, second, third)).Select(b => WeChatApp.ContentOf(App.OpenSafeReply(b))).ToList();
            Assert.All(replies, r => Assert.Equal("您问的是：信访事项多长时间办结", r));
            Assert.Equal(1, AskedBy(user));
        }
        finally
        {
            engine.Release();
        }
    }

    [Fact]
    public async Task Retry_after_the_answer_gets_the_stored_reply_without_asking_again()
    {
        var user = NewUser();
        var message = WeChatApp.Text(user, "第一次", NewMsgId());
        var first = WeChatApp.ContentOf(await App.PostPlainAsync(message).OkBodyAsync());
        App.Engine.Answer = m => [new BotReply("换了一个答案")];
        try
        {
            var retry = WeChatApp.ContentOf(await App.PostPlainAsync(message).OkBodyAsync());
            Assert.Equal(first, retry);
            Assert.Equal(1, AskedBy(user));
        }
        finally
        {
            App.Engine.Answer = FakeEngine.Scripted;
        }
    }

    [Fact]
    public async Task Event_retries_are_recognised_by_sender_and_time()
    {
        var user = NewUser();
        await App.PostPlainAsync(WeChatApp.Event(user, "CLICK", "consult", createTime: 1764036100)).OkBodyAsync();
        await App.PostPlainAsync(WeChatApp.Event(user, "CLICK", "consult", createTime: 1764036100)).OkBodyAsync();
        Assert.Equal(1, AskedBy(user));
        await App.PostPlainAsync(WeChatApp.Event(user, "CLICK", "consult", createTime: 1764036101)).OkBodyAsync();
        Assert.Equal(2, AskedBy(user));
    }

    [Fact]
    public async Task Two_different_clicks_in_the_same_second_are_both_answered()
    {
        var user = NewUser();
        await App.PostPlainAsync(WeChatApp.Event(user, "CLICK", "consult", createTime: 1764036200)).OkBodyAsync();
        await App.PostPlainAsync(WeChatApp.Event(user, "CLICK", "status", createTime: 1764036200)).OkBodyAsync();
        Assert.Equal(2, AskedBy(user));
    }

    [Fact]
    public async Task Retry_at_another_instance_gets_the_same_reply_without_asking_again()
    {
        await using var other = OtherInstance();
        other.Engine.Answer = m => [new BotReply("另一个实例的答案")];
        var user = NewUser();
        var message = WeChatApp.Text(user, "两台服务器", NewMsgId());

        var first = WeChatApp.ContentOf(await App.PostPlainAsync(message).OkBodyAsync());
        var retry = WeChatApp.ContentOf(await other.PostPlainAsync(message, other.SignedQuery(App.Timestamp)).OkBodyAsync());

        Assert.Equal("您问的是：两台服务器", first);
        Assert.Equal(first, retry);
        Assert.Empty(other.Engine.Received);
    }

    [Fact]
    public async Task Retry_at_another_instance_while_the_first_is_still_answering_waits_for_its_reply()
    {
        await using var other = OtherInstance();
        var user = NewUser();
        var message = WeChatApp.Text(user, "慢一点", NewMsgId());
        App.Engine.Hold();
        try
        {
            var first = App.PostPlainAsync(message).OkBodyAsync();
            await App.Engine.Entered.WaitAsync(TimeSpan.FromSeconds(30));
            var retry = other.PostPlainAsync(message, other.SignedQuery(App.Timestamp)).OkBodyAsync();
            App.Engine.Release();
            Assert.Equal(WeChatApp.ContentOf(await first), WeChatApp.ContentOf(await retry));
            Assert.Empty(other.Engine.Received);
        }
        finally
        {
            App.Engine.Release();
        }
    }

    [Fact]
    public async Task Retry_at_an_instance_that_lost_the_claim_gets_the_winners_reply_when_it_comes()
    {
        // The instance with the standing test clock is the one that waits here: its wait must not hang on its clock.
        await using var other = OtherInstance();
        other.Engine.Answer = _ => [new BotReply("另一个实例想了一会儿")];
        var user = NewUser();
        var message = WeChatApp.Text(user, "谁先收到", NewMsgId());
        other.Engine.Hold();
        try
        {
            var first = other.PostPlainAsync(message, other.SignedQuery(App.Timestamp)).OkBodyAsync();
            await other.Engine.Entered.WaitAsync(TimeSpan.FromSeconds(30));
            var retry = App.PostPlainAsync(message).OkBodyAsync();
            await Task.Delay(300); // the retry is waiting for the answer now
            other.Engine.Release();
            Assert.Equal("另一个实例想了一会儿", WeChatApp.ContentOf(await first));
            Assert.Equal("另一个实例想了一会儿", WeChatApp.ContentOf(await retry.WaitAsync(TimeSpan.FromSeconds(30))));
            Assert.DoesNotContain(App.Engine.Received, m => m.UserId == user);
        }
        finally
        {
            other.Engine.Release();
        }
    }

    [Fact]
    public async Task Deliveries_are_forgotten_after_the_delivery_retention()
    {
        await using var app = new WeChatApp(fixture.Api);
        var user = NewUser();
        var message = WeChatApp.Text(user, "两天后", NewMsgId());
        await app.PostPlainAsync(message).OkBodyAsync();
        Assert.Single(await RepliesKeptForAsync(app, user));

        app.Time.Advance(Retention(app) + TimeSpan.FromMinutes(1));
        await app.Services.GetRequiredService<HousekeepingService>().RunOnceAsync(CancellationToken.None);
        Assert.Empty(await RepliesKeptForAsync(app, user));

        await app.PostPlainAsync(message, app.SignedQuery()).OkBodyAsync();
        Assert.Equal(2, app.Engine.Received.Count(m => m.UserId == user));
    }

    [Fact]
    public async Task Only_the_deliveries_older_than_the_retention_are_forgotten()
    {
        await using var app = new WeChatApp(fixture.Api);
        var user = NewUser();
        var early = WeChatApp.Text(user, "早一些的问题", NewMsgId());
        await app.PostPlainAsync(early).OkBodyAsync();
        app.Time.Advance(Retention(app) - TimeSpan.FromMinutes(20));
        var later = WeChatApp.Text(user, "晚一些的问题", NewMsgId());
        await app.PostPlainAsync(later, app.SignedQuery()).OkBodyAsync();
        Assert.Equal(2, (await RepliesKeptForAsync(app, user)).Count);

        app.Time.Advance(TimeSpan.FromMinutes(21));
        await app.Services.GetRequiredService<HousekeepingService>().RunOnceAsync(CancellationToken.None);
        Assert.Single(await RepliesKeptForAsync(app, user));

        // WeChat retries the later one: still answered from its record. The early one is new again.
        await app.PostPlainAsync(later, app.SignedQuery()).OkBodyAsync();
        Assert.Equal(2, app.Engine.Received.Count(m => m.UserId == user));
        await app.PostPlainAsync(early, app.SignedQuery()).OkBodyAsync();
        Assert.Equal(3, app.Engine.Received.Count(m => m.UserId == user));
    }

    private static TimeSpan Retention(WeChatApp app) =>
        app.Services.GetRequiredService<IOptions<ConversationOptions>>().Value.DeliveryRetention;

    /// <summary>A second instance on the shared app's database, on the real clock.</summary>
    private WeChatApp OtherInstance() => new(fixture.Api, fakeTime: false, database: App.Database);

    /// <summary>The deliveries of the user with a recorded reply (the record a retry is answered from).</summary>
    private static async Task<List<long>> RepliesKeptForAsync(WeChatApp app, string user)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        return await db.Set<ProcessedDelivery>().Where(d => d.UserId == user && d.Replies != null).Select(d => d.Id).ToListAsync();
    }
}
