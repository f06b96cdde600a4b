using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Conversation;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Notifications;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>
/// Turns one callback delivery into at most one engine call, for WeChat and WeCom alike:
/// dedup by key in the database (retries and other instances get the stored reply), the passive-reply deadline
/// (late answers go to the outbox), and the 2,048-byte limit (long answers are split or shortened).
/// </summary>
internal sealed class WeChatMessageProcessor(
    IServiceScopeFactory scopes,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<WeChatMessageProcessor> logger)
{
    public const string ApologyText = "抱歉，系统暂时无法回答，请稍后再试。";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    // Deliveries being processed on this instance: a retry that arrives meanwhile shares the first one's result.
    private readonly ConcurrentDictionary<string, Lazy<Task<string?>>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>The passive reply text, or null to answer "success".</summary>
    public async Task<string?> ProcessAsync(InboundMessage inbound, TimeSpan passiveTimeout)
    {
        var lazy = _inFlight.GetOrAdd(inbound.DedupKey,
            _ => new Lazy<Task<string?>>(() => ProcessOnceAsync(inbound, passiveTimeout)));
        try
        {
            return await lazy.Value;
        }
        finally
        {
            // The database row answers later retries; only the first caller's entry needs removing.
            _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<string?>>>(inbound.DedupKey, lazy));
        }
    }

    private async Task<string?> ProcessOnceAsync(InboundMessage inbound, TimeSpan passiveTimeout)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        var now = time.GetUtcNow().UtcDateTime;

        var delivery = new WeChatDelivery
        {
            DedupKey = inbound.DedupKey,
            Channel = inbound.Channel,
            UserId = inbound.UserId,
            State = DeliveryState.Processing,
            ReceivedUtc = now,
        };
        if (!await TryClaimAsync(db, delivery))
        {
            logger.LogInformation("Repeated delivery {DedupKey} answered from the first one", inbound.DedupKey);
            return await AwaitFirstDeliveryAsync(db, inbound.DedupKey, passiveTimeout);
        }

        var window = await TouchWindowAsync(db, inbound, now);
        if (inbound.IsIgnored)
        {
            return await CompleteAsync(db, delivery, new ReplyPlan(null, [], null), window);
        }
        if (inbound.FallbackText is not null)
        {
            return await CompleteAsync(db, delivery, new ReplyPlan(inbound.FallbackText, [], null), window);
        }

        var message = inbound.Message!;
        if (WeChatReplyText.IsFullTextRequest(message.Text) && window.FullText is { } fullText)
        {
            window.FullText = null;
            return await CompleteAsync(db, delivery, WeChatReplyText.PlanFullText(fullText), window);
        }

        var answer = Task.Run(() => AskEngineAsync(message));
        using var deadline = new CancellationTokenSource();
        var winner = await Task.WhenAny(answer, Task.Delay(passiveTimeout, time, deadline.Token));
        if (winner == answer)
        {
            deadline.Cancel();
            var text = WeChatReplyText.Render(await answer);
            var plan = inbound.Silent ? new ReplyPlan(null, [], null) : WeChatReplyText.PlanPassive(text);
            return await CompleteAsync(db, delivery, plan, window);
        }

        // WeChat stops waiting at 5 s: say "success" now, deliver the answer by customer-service message.
        logger.LogInformation("Answer for {DedupKey} not ready within {Timeout}; it goes through the outbox",
            inbound.DedupKey, passiveTimeout);
        delivery.State = DeliveryState.Deferred;
        delivery.CompletedUtc = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(CancellationToken.None);
        if (!inbound.Silent) _ = DeliverLateAsync(inbound, answer);
        return null;
    }

    private async Task<IReadOnlyList<BotReply>> AskEngineAsync(IncomingMessage message)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var engine = scope.ServiceProvider.GetRequiredService<IConversationEngine>();
            return await engine.HandleAsync(message, lifetime.ApplicationStopping);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !lifetime.ApplicationStopping.IsCancellationRequested)
        {
            logger.LogError(ex, "The conversation engine failed on {DedupKey}", message.DeliveryId);
            return [new BotReply(ApologyText)];
        }
    }

    private async Task DeliverLateAsync(InboundMessage inbound, Task<IReadOnlyList<BotReply>> answer)
    {
        try
        {
            var text = WeChatReplyText.Render(await answer);
            var plan = WeChatReplyText.PlanLate(text);
            if (plan.Later.Count == 0) return;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
            Enqueue(db, inbound, plan.Later);
            if (plan.KeepFullText is not null)
            {
                await db.Set<WeChatUserWindow>()
                    .Where(w => w.Channel == inbound.Channel && w.UserId == inbound.UserId)
                    .ExecuteUpdateAsync(s => s.SetProperty(w => w.FullText, plan.KeepFullText));
            }
            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogInformation("Late answer for {DedupKey} queued as {Parts} message(s)", inbound.DedupKey, plan.Later.Count);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not queue the late answer for {DedupKey}", inbound.DedupKey);
        }
    }

    private async Task<string?> CompleteAsync(PetitionDbContext db, WeChatDelivery delivery, ReplyPlan plan, WeChatUserWindow window)
    {
        var inbound = (delivery.Channel, delivery.UserId, delivery.DedupKey);
        if (plan.Later.Count > 0) Enqueue(db, inbound, plan.Later);
        if (plan.KeepFullText is not null) window.FullText = plan.KeepFullText;
        delivery.State = DeliveryState.Replied;
        delivery.ReplyText = plan.Passive;
        delivery.CompletedUtc = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(CancellationToken.None);
        return plan.Passive;
    }

    private void Enqueue(PetitionDbContext db, InboundMessage inbound, IReadOnlyList<string> parts) =>
        Enqueue(db, (inbound.Channel, inbound.UserId, inbound.DedupKey), parts);

    private void Enqueue(PetitionDbContext db, (string Channel, string UserId, string DedupKey) to, IReadOnlyList<string> parts)
    {
        var now = time.GetUtcNow().UtcDateTime;
        for (var i = 0; i < parts.Count; i++)
        {
            db.Set<OutboxMessage>().Add(new OutboxMessage
            {
                Channel = to.Channel,
                UserId = to.UserId,
                Kind = "reply",
                Text = parts[i],
                DedupKey = $"{to.DedupKey}:reply:{i + 1}",
                CreatedUtc = now,
                NextAttemptUtc = now,
            });
        }
    }

    /// <summary>Inserts the delivery row; false when another delivery of the same key got there first.</summary>
    private static async Task<bool> TryClaimAsync(PetitionDbContext db, WeChatDelivery delivery)
    {
        db.Add(delivery);
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
            return true;
        }
        catch (DbUpdateException)
        {
            db.Entry(delivery).State = EntityState.Detached;
            var exists = await db.Set<WeChatDelivery>().AnyAsync(d => d.DedupKey == delivery.DedupKey);
            if (!exists) throw;
            return false;
        }
    }

    /// <summary>Waits (briefly) for the instance that claimed the delivery, then answers as it did.</summary>
    private async Task<string?> AwaitFirstDeliveryAsync(PetitionDbContext db, string dedupKey, TimeSpan passiveTimeout)
    {
        var until = time.GetUtcNow() + passiveTimeout;
        while (true)
        {
            var first = await db.Set<WeChatDelivery>().AsNoTracking().SingleAsync(d => d.DedupKey == dedupKey);
            if (first.State == DeliveryState.Replied) return first.ReplyText;
            if (first.State == DeliveryState.Deferred || time.GetUtcNow() >= until) return null;
            await Task.Delay(PollInterval, time);
        }
    }

    /// <summary>Records the user's message time (it reopens the 48 h customer-service window and resets its count).</summary>
    private static async Task<WeChatUserWindow> TouchWindowAsync(PetitionDbContext db, InboundMessage inbound, DateTime now)
    {
        var windows = db.Set<WeChatUserWindow>();
        var window = await windows.SingleOrDefaultAsync(w => w.Channel == inbound.Channel && w.UserId == inbound.UserId);
        if (window is null)
        {
            window = new WeChatUserWindow { Channel = inbound.Channel, UserId = inbound.UserId, LastInboundUtc = now };
            windows.Add(window);
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
                return window;
            }
            catch (DbUpdateException)
            {
                // The same user's other message created it a moment ago.
                db.Entry(window).State = EntityState.Detached;
                window = await windows.SingleAsync(w => w.Channel == inbound.Channel && w.UserId == inbound.UserId);
            }
        }
        window.LastInboundUtc = now;
        window.SentSinceInbound = 0;
        return window;
    }
}
