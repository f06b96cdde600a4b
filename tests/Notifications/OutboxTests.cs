using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Notifications;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Notifications;

/// <summary>
/// A stand-in for a channel's push API (WeChat customer-service message, Bot Connector proactive message): records what it
/// was asked to send and answers with the outcomes it is told to.
/// </summary>
public sealed class RecordingSender(string channel) : INotificationSender
{
    public string Channel => channel;
    public ConcurrentQueue<string> Sent { get; } = new();
    public ConcurrentQueue<DeliveryResult> Outcomes { get; } = new();
    public Exception? Throw { get; set; }
    public TaskCompletionSource FirstSend { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<DeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        await Task.Yield(); // let a competing dispatcher run in between
        Sent.Enqueue(message.DedupKey);
        FirstSend.TrySetResult();
        if (Throw is not null) throw Throw;
        return Outcomes.TryDequeue(out var outcome) ? outcome : DeliveryResult.Delivered;
    }
}

public class OutboxTests
{
    private static BotHost Start(Db db, RecordingSender sender, Dictionary<string, string?>? settings = null) =>
        BotHost.Start(db, new BotHostOptions
        {
            Services = services => services.AddSingleton<INotificationSender>(sender),
            Settings = settings ?? new Dictionary<string, string?>(),
        });

    [Fact]
    public Task A_notification_queued_twice_under_one_key_is_sent_once_on_sqlite() => QueuedTwiceSentOnce(Db.Sqlite);

    [PostgresFact]
    public Task A_notification_queued_twice_under_one_key_is_sent_once_on_postgres() => QueuedTwiceSentOnce(Db.Postgres);

    [Fact]
    public Task Two_instances_dispatching_at_once_send_each_message_once_on_sqlite() => TwoDispatchers(Db.Sqlite);

    [PostgresFact]
    public Task Two_instances_dispatching_at_once_send_each_message_once_on_postgres() => TwoDispatchers(Db.Postgres);

    [Fact]
    public Task A_notification_queued_in_a_rolled_back_transaction_is_never_sent_on_sqlite() => RolledBack(Db.Sqlite);

    [PostgresFact]
    public Task A_notification_queued_in_a_rolled_back_transaction_is_never_sent_on_postgres() => RolledBack(Db.Postgres);

    [Fact]
    public async Task A_failed_send_is_retried_later_with_growing_delays()
    {
        var sender = new RecordingSender("test");
        sender.Outcomes.Enqueue(new DeliveryResult(DeliveryOutcome.RetryLater, "quota"));
        sender.Outcomes.Enqueue(new DeliveryResult(DeliveryOutcome.RetryLater, "quota"));
        await using var host = Start(Db.Sqlite, sender);
        await EnqueueAsync(host, "k1");

        Assert.Equal(1, await DispatchAsync(host));
        host.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await DispatchAsync(host)); // not due before the first delay (30 s)
        host.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await DispatchAsync(host));
        host.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await DispatchAsync(host)); // the second delay is twice as long
        host.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await DispatchAsync(host));

        var row = await RowAsync(host, "k1");
        Assert.NotNull(row.DeliveredUtc);
        Assert.Equal(3, row.Attempts);
        Assert.Equal(3, sender.Sent.Count);
    }

    [Fact]
    public async Task A_message_is_abandoned_after_the_last_attempt()
    {
        var sender = new RecordingSender("test") { Throw = new HttpRequestException("connection refused") };
        await using var host = Start(Db.Sqlite, sender, new() { ["Outbox:MaxAttempts"] = "2" });
        await EnqueueAsync(host, "k1");

        await DispatchAsync(host);
        host.Time.Advance(TimeSpan.FromMinutes(5));
        await DispatchAsync(host);
        host.Time.Advance(TimeSpan.FromHours(5));

        Assert.Equal(0, await DispatchAsync(host));
        var row = await RowAsync(host, "k1");
        Assert.NotNull(row.AbandonedUtc);
        Assert.Null(row.DeliveredUtc);
        Assert.Equal(2, row.Attempts);
        Assert.Contains("connection refused", row.LastError);
    }

    [Fact]
    public async Task A_channel_that_says_give_up_is_not_tried_again()
    {
        var sender = new RecordingSender("test");
        sender.Outcomes.Enqueue(new DeliveryResult(DeliveryOutcome.GiveUp, "48-hour window closed"));
        await using var host = Start(Db.Sqlite, sender);
        await EnqueueAsync(host, "k1");

        await DispatchAsync(host);
        host.Time.Advance(TimeSpan.FromDays(1));

        Assert.Equal(0, await DispatchAsync(host));
        Assert.Equal("48-hour window closed", (await RowAsync(host, "k1")).LastError);
        Assert.Single(sender.Sent);
    }

    [Fact]
    public async Task A_message_for_a_channel_without_a_sender_is_abandoned_with_a_reason()
    {
        await using var host = Start(Db.Sqlite, new RecordingSender("test"));
        await EnqueueAsync(host, "k1", channel: "fax");

        await DispatchAsync(host);

        var row = await RowAsync(host, "k1");
        Assert.NotNull(row.AbandonedUtc);
        Assert.Contains("fax", row.LastError);
    }

    [Fact]
    public async Task A_message_leased_by_another_instance_waits_until_the_lease_runs_out()
    {
        var sender = new RecordingSender("test");
        await using var host = Start(Db.Sqlite, sender);
        await EnqueueAsync(host, "k1");
        var leasedUntil = host.Time.GetUtcNow().UtcDateTime.AddMinutes(2);
        await host.WithDbAsync(db => db.Outbox.ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntilUtc, leasedUntil)));

        Assert.Equal(0, await DispatchAsync(host));
        host.Time.Advance(TimeSpan.FromMinutes(3)); // that instance died without recording an outcome

        Assert.Equal(1, await DispatchAsync(host));
        Assert.NotNull((await RowAsync(host, "k1")).DeliveredUtc);
    }

    [Fact]
    public async Task The_background_dispatcher_sends_queued_messages()
    {
        var sender = new RecordingSender("test");
        await using var host = Start(Db.Sqlite, sender, new() { ["Outbox:Enabled"] = "true", ["Outbox:PollInterval"] = "00:00:01" });
        await EnqueueAsync(host, "k1");

        // Move the fake clock until the polling loop wakes up; bounded so a broken loop fails instead of hanging.
        for (var i = 0; i < 200 && !sender.FirstSend.Task.IsCompleted; i++)
        {
            host.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(sender.FirstSend.Task, Task.Delay(50));
        }

        Assert.True(sender.FirstSend.Task.IsCompleted, "the background dispatcher never sent the message");
    }

    private static async Task QueuedTwiceSentOnce(Db db)
    {
        var sender = new RecordingSender("test");
        await using var host = Start(db, sender);

        Assert.True(await EnqueueAsync(host, "status:XF20261125-0001:Accepted"));
        Assert.False(await EnqueueAsync(host, "status:XF20261125-0001:Accepted"));
        await DispatchAsync(host);
        await DispatchAsync(host);

        Assert.Equal(["status:XF20261125-0001:Accepted"], sender.Sent);
    }

    private static async Task TwoDispatchers(Db db)
    {
        var sender = new RecordingSender("test");
        await using var host = Start(db, sender);
        await using var second = host.SecondInstance();
        for (var i = 0; i < 30; i++) await EnqueueAsync(host, $"k{i}");

        await Task.WhenAll(DispatchAsync(host), DispatchAsync(second), DispatchAsync(host), DispatchAsync(second));
        await Task.WhenAll(DispatchAsync(host), DispatchAsync(second));

        Assert.Equal(30, sender.Sent.Count);
        Assert.Equal(30, sender.Sent.Distinct().Count());
    }

    private static async Task RolledBack(Db db)
    {
        var sender = new RecordingSender("test");
        await using var host = Start(db, sender);
        await host.WithScopeAsync(async sp =>
        {
            var data = sp.GetRequiredService<PetitionBot.Bot.Data.PetitionDbContext>();
            await using var transaction = await data.Database.BeginTransactionAsync();
            await sp.GetRequiredService<IOutbox>().EnqueueAsync("test", "user-1", "status", "您的事项已受理", "XF20261125-0001", "k1");
            await transaction.RollbackAsync();
            return 0;
        });

        await DispatchAsync(host);

        Assert.Empty(sender.Sent);
    }

    private static Task<bool> EnqueueAsync(BotHost host, string key, string channel = "test") =>
        host.WithScopeAsync(sp => sp.GetRequiredService<IOutbox>()
            .EnqueueAsync(channel, "user-1", "status", "您的信访事项 XF20261125-0001 已受理。", "XF20261125-0001", key));

    private static Task<int> DispatchAsync(BotHost host) => host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();

    private static async Task<OutboxMessage> RowAsync(BotHost host, string key)
    {
        OutboxMessage? row = null;
        await host.WithDbAsync(async db => row = await db.Outbox.AsNoTracking().SingleAsync(m => m.DedupKey == key));
        return row!;
    }
}
