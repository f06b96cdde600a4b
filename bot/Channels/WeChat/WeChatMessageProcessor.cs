using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Conversation;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Notifications;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>
/// Turns one callback delivery into at most one engine call, for WeChat and WeCom alike:
/// dedup by key in the database (retries and other instances get the stored reply), the passive-reply deadline
/// (late answers go to the outbox), and the 2,048-byte limit (long answers are shortened, the rest kept for "全文").
/// </summary>
internal sealed class WeChatMessageProcessor(
    WeChatDeliveryLedger ledger,
    IServiceScopeFactory scopes,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    Data.DatabaseHealth health,
    ILogger<WeChatMessageProcessor> logger)
{
    /// <summary>
    /// How often a retry looks for the answer of the instance that claimed its delivery. Real time: that answer comes from
    /// another instance's write, which this instance's clock does not pace.
    /// </summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The reply, and the write that records it (the reply goes out without waiting for that write).</summary>
    private sealed record Outcome(string? Reply, Task Recorded);

    // Deliveries being processed on this instance, until their reply is recorded: a retry that arrives meanwhile
    // shares the first one's result; later retries find it in the database.
    private readonly ConcurrentDictionary<string, Lazy<Task<Outcome>>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>The passive reply text, or null to answer "success".</summary>
    public async Task<string?> ProcessAsync(InboundMessage inbound, TimeSpan passiveTimeout)
    {
        var lazy = _inFlight.GetOrAdd(inbound.DedupKey,
            _ => new Lazy<Task<Outcome>>(() => ProcessOnceAsync(inbound, passiveTimeout)));
        Outcome outcome;
        try
        {
            outcome = await lazy.Value;
        }
        catch
        {
            _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<Outcome>>>(inbound.DedupKey, lazy));
            throw;
        }
        _ = outcome.Recorded.ContinueWith(recorded =>
        {
            _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<Outcome>>>(inbound.DedupKey, lazy));
            if (recorded.Exception is { } ex) logger.LogError(ex, "The reply to {DedupKey} was not recorded", inbound.DedupKey);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return outcome.Reply;
    }

    private async Task<Outcome> ProcessOnceAsync(InboundMessage inbound, TimeSpan passiveTimeout)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var delivery = new WeChatDelivery
        {
            DedupKey = inbound.DedupKey,
            Channel = inbound.Channel,
            UserId = inbound.UserId,
            ReceivedUtc = now,
        };
        if (!await ledger.ClaimAsync(delivery))
        {
            logger.LogInformation("Repeated delivery {DedupKey} answered as the first one", inbound.DedupKey);
            return new Outcome(await AwaitFirstDeliveryAsync(inbound.DedupKey, passiveTimeout), Task.CompletedTask);
        }

        var inboundWindow = new WindowChange(now);
        if (inbound.IsIgnored || inbound.FallbackText is not null)
        {
            return Complete(delivery, new ReplyPlan(inbound.FallbackText, [], null), inboundWindow);
        }

        var message = inbound.Message!;
        if (WeChatReplyText.IsFullTextRequest(message.Text) && await FindKeptRestAsync(inbound) is { } rest)
        {
            return Complete(delivery, WeChatReplyText.PlanFullText(rest), inboundWindow);
        }

        // The clock starts before the engine does; the engine runs on this thread until it first waits (its computing
        // takes well under a millisecond), which spares a thread-pool hand-off per message.
        using var deadline = new CancellationTokenSource();
        var timeout = Task.Delay(passiveTimeout, time, deadline.Token);
        var answer = AskEngineAsync(message, inbound.DedupKey);
        var winner = await Task.WhenAny(answer, timeout);
        if (winner == answer)
        {
            deadline.Cancel();
            var text = WeChatReplyText.Render(await answer);
            var plan = inbound.Silent ? new ReplyPlan(null, [], null) : WeChatReplyText.PlanPassive(text);
            return Complete(delivery, plan, inboundWindow);
        }

        // WeChat stops waiting at 5 s: say "success" now, deliver the answer by customer-service message.
        logger.LogInformation("Answer for {DedupKey} not ready within {Timeout}; it goes through the outbox",
            inbound.DedupKey, passiveTimeout);
        var deferred = new WeChatDeliveryOutcome { State = DeliveryState.Deferred, CompletedUtc = time.GetUtcNow().UtcDateTime };
        var recorded = ledger.WriteAsync(inbound.Channel, inbound.UserId, (delivery.DedupKey, deferred), [], inboundWindow);
        if (!inbound.Silent) _ = DeliverLateAsync(inbound, answer);
        return new Outcome(null, recorded);
    }

    private async Task<IReadOnlyList<BotReply>> AskEngineAsync(IncomingMessage message, string dedupKey)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var engine = scope.ServiceProvider.GetRequiredService<IConversationEngine>();
            return await engine.HandleAsync(message, lifetime.ApplicationStopping);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // WeChat shows nothing of an HTTP error: the citizen gets the apology either way. An outage is logged once.
            if (Data.DatabaseHealth.IsOutage(ex)) health.ReportFailure(ex);
            else logger.LogError(ex, "The conversation engine failed on {DedupKey}", dedupKey);
            return [new BotReply(IConversationEngine.Apology)];
        }
    }

    private async Task DeliverLateAsync(InboundMessage inbound, Task<IReadOnlyList<BotReply>> answer)
    {
        try
        {
            var plan = WeChatReplyText.PlanLate(WeChatReplyText.Render(await answer));
            if (plan.Later.Count == 0) return;
            var window = new WindowChange(null, SetFullText: true, FullText: plan.KeepRest);
            await ledger.WriteAsync(inbound.Channel, inbound.UserId, null, OutboxRows(inbound, plan.Later), window);
            logger.LogInformation("Late answer for {DedupKey} queued as {Parts} message(s)", inbound.DedupKey, plan.Later.Count);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not queue the late answer for {DedupKey}", inbound.DedupKey);
        }
    }

    private Outcome Complete(WeChatDelivery delivery, ReplyPlan plan, WindowChange window)
    {
        var replied = new WeChatDeliveryOutcome
        {
            State = DeliveryState.Replied, ReplyText = plan.Passive, CompletedUtc = time.GetUtcNow().UtcDateTime,
        };
        // Whatever was kept for "全文" belonged to an earlier answer: a new one keeps its own rest, or nothing.
        if (plan.Passive is not null || plan.Later.Count > 0) window = window with { SetFullText = true, FullText = plan.KeepRest };
        var later = plan.Later.Count == 0 ? [] : OutboxRows((delivery.Channel, delivery.UserId, delivery.DedupKey), plan.Later);
        return new Outcome(plan.Passive, ledger.WriteAsync(delivery.Channel, delivery.UserId, (delivery.DedupKey, replied), later, window));
    }

    private List<OutboxMessage> OutboxRows(InboundMessage inbound, IReadOnlyList<string> parts) =>
        OutboxRows((inbound.Channel, inbound.UserId, inbound.DedupKey), parts);

    private List<OutboxMessage> OutboxRows((string Channel, string UserId, string DedupKey) to, IReadOnlyList<string> parts)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return parts.Select((text, i) => new OutboxMessage
        {
            Channel = to.Channel,
            UserId = to.UserId,
            Kind = "reply",
            Text = text,
            DedupKey = $"{to.DedupKey}:reply:{i + 1}",
            CreatedUtc = now,
            NextAttemptUtc = now,
        }).ToList();
    }

    private async Task<string?> FindKeptRestAsync(InboundMessage inbound)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        return await db.Set<WeChatUserWindow>().AsNoTracking()
            .Where(w => w.Channel == inbound.Channel && w.UserId == inbound.UserId)
            .Select(w => w.FullText)
            .SingleOrDefaultAsync();
    }

    /// <summary>Waits (briefly) for the instance that claimed the delivery, then answers as it did.</summary>
    private async Task<string?> AwaitFirstDeliveryAsync(string dedupKey, TimeSpan passiveTimeout)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        // Within the passive-reply time, counted in looks (see PollInterval).
        var looksLeft = (int)Math.Ceiling(passiveTimeout / PollInterval);
        while (true)
        {
            var first = await (
                    from d in db.Set<WeChatDelivery>()
                    where d.DedupKey == dedupKey
                    join o in db.Set<WeChatDeliveryOutcome>() on d.Id equals o.DeliveryId
                    select o)
                .AsNoTracking().SingleOrDefaultAsync();
            if (first is { State: DeliveryState.Replied }) return first.ReplyText;
            if (first is { State: DeliveryState.Deferred } || looksLeft-- == 0) return null;
            await Task.Delay(PollInterval);
        }
    }
}
