using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Conversation;
using PetitionBot.Bot.Conversation.Persistence;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Notifications;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>
/// Turns one callback delivery into at most one engine call, for WeChat and WeCom alike: the delivery is claimed in
/// <see cref="ProcessedDeliveries"/> (retries, on this instance or another, wait for and get the recorded reply) and
/// the engine completes the claim in the turn's own save, so a message costs two write transactions; the passive-reply
/// deadline (late answers go to the outbox), and the 2,048-byte limit (long answers are shortened, the rest kept for "全文").
/// </summary>
internal sealed class WeChatMessageProcessor(
    IServiceScopeFactory scopes,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    DatabaseHealth health,
    Telemetry.BotTelemetry telemetry,
    ILogger<WeChatMessageProcessor> logger)
{
    /// <summary>
    /// How often a retry looks for the answer of the delivery it repeats. Real time: that answer comes from another
    /// request's write (maybe another instance's), which this instance's clock does not pace.
    /// </summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    // A chatting user's window start moves only once a minute (or when messages went out since, to reset the count): the
    // row is not rewritten on every message, and the window may end up to a minute early, never late.
    private static readonly TimeSpan InboundPrecision = TimeSpan.FromMinutes(1);

    /// <summary>The passive reply text, or null to answer "success".</summary>
    public async Task<string?> ProcessAsync(InboundMessage inbound, TimeSpan passiveTimeout)
    {
        try
        {
            return await ProcessOnceAsync(inbound, passiveTimeout);
        }
        catch (Exception ex) when (DatabaseHealth.IsOutage(ex))
        {
            // WeChat shows nothing of an HTTP error: the citizen gets the apology. The outage is logged once.
            health.ReportFailure(ex);
            return IConversationEngine.Apology;
        }
    }

    private async Task<string?> ProcessOnceAsync(InboundMessage inbound, TimeSpan passiveTimeout)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // One scope for the claim and the engine: the turn's save completes the claim by its key (see AskEngineAsync).
        var scope = scopes.CreateAsyncScope();
        var handedOver = false;
        try
        {
            var deliveries = scope.ServiceProvider.GetRequiredService<ProcessedDeliveries>();
            if (!await deliveries.ClaimAsync(inbound.Channel, inbound.UserId, inbound.DedupKey, now))
            {
                logger.LogInformation("Repeated delivery {DedupKey} answered as the first one", inbound.DedupKey);
                return await AwaitFirstDeliveryAsync(deliveries, inbound, passiveTimeout);
            }
            // Read now, with the context at hand: an answer the turn's save recorded then needs no scope of its own
            // unless the window has to move.
            var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
            var seen = await ReadWindowAsync(db, inbound.Channel, inbound.UserId);

            if (inbound.Message is not { } message)
            {
                return await CompleteAsync(inbound, inbound.FallbackText is { } fallback ? [new BotReply(fallback)] : [], [], null, now, seen);
            }
            if (WeChatReplyText.IsFullTextRequest(message.Text) && seen.Row is { HasText: true }
                && await FindKeptRestAsync(db, inbound) is { } rest)
            {
                var full = WeChatReplyText.PlanFullText(rest);
                return await CompleteAsync(inbound, full.Passive is { } first ? [new BotReply(first)] : [], full.Later, full.KeepRest, now, seen);
            }

            // The clock starts before the engine does; the engine runs on this thread until it first waits (its computing
            // takes well under a millisecond), which spares a thread-pool hand-off per message.
            using var deadline = new CancellationTokenSource();
            var timeout = Task.Delay(passiveTimeout, time, deadline.Token);
            handedOver = true;
            var answer = AskEngineAsync(scope, message, inbound.DedupKey);
            var winner = await Task.WhenAny(answer, timeout);
            if (winner == answer)
            {
                deadline.Cancel();
                return await AnsweredAsync(inbound, await answer, now, seen);
            }

            // WeChat stops waiting at 5 s: say "success" now (a retry gets it too), deliver the answer by customer-service
            // message. Unless the turn's save completed the delivery first: then its answer is ready and goes passively.
            if (!await RecordAsync(inbound, answered: [], later: [], new WindowChange(now), seen))
            {
                return await AnsweredAsync(inbound, await answer, now, seen);
            }
            telemetry.PassiveReplyMissed(inbound.Channel);
            logger.LogInformation("Answer for {DedupKey} not ready within {Timeout}; it goes through the outbox",
                inbound.DedupKey, passiveTimeout);
            if (!inbound.Silent) _ = DeliverLateAsync(inbound, answer);
            return null;
        }
        finally
        {
            if (!handedOver) await scope.DisposeAsync();
        }
    }

    /// <summary>
    /// The passive reply of an answer in time; the delivery keeps the engine's replies (the turn's save stored them
    /// with the turn, unless the engine saved nothing, as after an apology) and the window the rest of a long answer.
    /// </summary>
    private async Task<string?> AnsweredAsync(InboundMessage inbound, EngineAnswer answer, DateTime receivedUtc, WindowSeen seen)
    {
        var plan = inbound.Silent ? new ReplyPlan(null, [], null) : WeChatReplyText.PlanPassive(WeChatReplyText.Render(answer.Replies));
        var window = new WindowChange(receivedUtc);
        // Whatever was kept for "全文" belonged to an earlier answer: a new one keeps its own rest, or nothing.
        if (plan.Passive is not null) window = window with { SetFullText = true, FullText = plan.KeepRest };
        await RecordAsync(inbound, answer.Settled ? null : answer.Replies, [], window, seen);
        return plan.Passive;
    }

    /// <summary>
    /// The passive reply for a delivery's recorded replies: what the first delivery answered and every retry repeats,
    /// rendered the same way each time.
    /// </summary>
    private static string? PassiveReply(InboundMessage inbound, IReadOnlyList<BotReply> replies) =>
        inbound.Silent || replies.Count == 0 ? null : WeChatReplyText.PlanPassive(WeChatReplyText.Render(replies)).Passive;

    /// <summary>The engine's replies, and whether the turn's save completed the claimed delivery with them.</summary>
    private sealed record EngineAnswer(IReadOnlyList<BotReply> Replies, bool Settled);

    /// <summary>Runs the engine in the claim's scope, which it disposes.</summary>
    private async Task<EngineAnswer> AskEngineAsync(AsyncServiceScope scope, IncomingMessage message, string dedupKey)
    {
        await using var _ = scope;
        try
        {
            var engine = scope.ServiceProvider.GetRequiredService<IConversationEngine>();
            var replies = await engine.HandleAsync(message, lifetime.ApplicationStopping);
            return new EngineAnswer(replies,
                scope.ServiceProvider.GetRequiredService<ProcessedDeliveries>().CompletedHere(message.Channel, dedupKey));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // WeChat shows nothing of an HTTP error: the citizen gets the apology either way. An outage is logged once.
            if (DatabaseHealth.IsOutage(ex)) health.ReportFailure(ex);
            else logger.LogError(ex, "The conversation engine failed on {DedupKey}", dedupKey);
            return new EngineAnswer([new BotReply(IConversationEngine.Apology)], Settled: false);
        }
    }

    private async Task DeliverLateAsync(InboundMessage inbound, Task<EngineAnswer> answer)
    {
        try
        {
            var plan = WeChatReplyText.PlanLate(WeChatReplyText.Render((await answer).Replies));
            if (plan.Later.Count == 0) return;
            // With the parts, "success" once more: a turn saved after the deadline wrote its replies over it, and a retry
            // must not get passively what the outbox sends.
            await RecordAsync(inbound, answered: [], plan.Later, new WindowChange(null, SetFullText: true, FullText: plan.KeepRest),
                replace: true);
            logger.LogInformation("Late answer for {DedupKey} queued as {Parts} message(s)", inbound.DedupKey, plan.Later.Count);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not queue the late answer for {DedupKey}", inbound.DedupKey);
        }
    }

    /// <summary>
    /// An answer the channel gives itself (a fallback, nothing, the kept "全文" text): the delivery records it, the parts
    /// beyond the passive reply go to the outbox, and the window is moved; returns the passive reply.
    /// </summary>
    private async Task<string?> CompleteAsync(InboundMessage inbound, IReadOnlyList<BotReply> replies, IReadOnlyList<string> later,
        string? keepRest, DateTime receivedUtc, WindowSeen seen)
    {
        var window = new WindowChange(receivedUtc);
        // Whatever was kept for "全文" belonged to an earlier answer: a new one keeps its own rest, or nothing.
        if (replies.Count > 0 || later.Count > 0) window = window with { SetFullText = true, FullText = keepRest };
        await RecordAsync(inbound, replies, later, window, seen);
        return PassiveReply(inbound, replies);
    }

    /// <summary>
    /// The delivery's replies, unless it has some already (none: "success" was said, the answer goes by the outbox), the
    /// parts sent later through the outbox, and the user's window; in one transaction when there are parts to queue (an
    /// answer the turn's save recorded writes here only when the window moves). False when the delivery had replies already.
    /// </summary>
    private async Task<bool> RecordAsync(InboundMessage inbound, IReadOnlyList<BotReply>? answered, IReadOnlyList<string> later,
        WindowChange window, WindowSeen? seen = null, bool replace = false)
    {
        // The usual answered message: the turn's save recorded the reply and the window stays as it was read.
        if (answered is null && later.Count == 0 && seen is not null && !NeedsWrite(seen.Row, window)) return true;
        var completed = true;
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
            await using var transaction = later.Count > 0 ? await db.Database.BeginTransactionAsync() : null;
            try
            {
                if (answered is not null)
                {
                    completed = await scope.ServiceProvider.GetRequiredService<ProcessedDeliveries>()
                        .CompleteAsync(inbound.Channel, inbound.DedupKey, answered, replace);
                    if (transaction is null) answered = null; // committed: a second attempt must not ask again
                }
                var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
                for (var i = 0; i < later.Count; i++)
                {
                    await outbox.EnqueueAsync(inbound.Channel, inbound.UserId, "reply", later[i], null, $"{inbound.DedupKey}:reply:{i + 1}");
                }
                await ApplyAsync(db, inbound.Channel, inbound.UserId, window, seen);
                if (transaction is not null) await transaction.CommitAsync();
                return completed;
            }
            catch (DbUpdateException ex) when (attempt == 1 && ex.IsUniqueViolation())
            {
                // The user's first window row was written by their other message meanwhile: once more, as an update.
                seen = null;
            }
        }
    }

    /// <summary>
    /// A new inbound message restarts the window (see <see cref="InboundPrecision"/>); the kept "全文" text is set or
    /// forgotten. Read first, so the usual message (window moved less than a minute ago, nothing kept) writes nothing;
    /// each write is conditional, as the dispatcher counts sends on the same row.
    /// </summary>
    private static async Task ApplyAsync(PetitionDbContext db, string channel, string userId, WindowChange change, WindowSeen? seen)
    {
        var row = db.Set<WeChatUserWindow>().Where(w => w.Channel == channel && w.UserId == userId);
        var now = (seen ?? await ReadWindowAsync(db, channel, userId)).Row;
        if (!NeedsWrite(now, change)) return;
        if (now is null)
        {
            db.Add(new WeChatUserWindow
            {
                Channel = channel, UserId = userId, FullText = change.SetFullText ? change.FullText : null,
                LastInboundUtc = change.InboundUtc ?? DateTime.SpecifyKind(DateTime.UnixEpoch, DateTimeKind.Utc),
            });
            await db.SaveChangesAsync();
            return;
        }
        if (MovesInbound(now, change) && change.InboundUtc is { } at)
        {
            var stale = at - InboundPrecision;
            await row.Where(w => w.LastInboundUtc <= at && (w.SentSinceInbound > 0 || w.LastInboundUtc < stale))
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.LastInboundUtc, at).SetProperty(w => w.SentSinceInbound, 0));
        }
        if (change.SetFullText && (change.FullText is not null || now.HasText))
        {
            var text = change.FullText;
            await row.ExecuteUpdateAsync(s => s.SetProperty(w => w.FullText, text));
        }
    }

    /// <summary>The user's window as read (Row null: the user has none yet).</summary>
    private sealed record WindowSeen(WindowState? Row);

    private sealed record WindowState(DateTime LastInboundUtc, int SentSinceInbound, bool HasText);

    private static async Task<WindowSeen> ReadWindowAsync(PetitionDbContext db, string channel, string userId) =>
        new(await db.Set<WeChatUserWindow>().AsNoTracking().Where(w => w.Channel == channel && w.UserId == userId)
            .Select(w => new WindowState(w.LastInboundUtc, w.SentSinceInbound, w.FullText != null))
            .FirstOrDefaultAsync());

    private static bool MovesInbound(WindowState now, WindowChange change) =>
        change.InboundUtc is { } at && now.LastInboundUtc <= at && (now.SentSinceInbound > 0 || now.LastInboundUtc < at - InboundPrecision);

    private static bool NeedsWrite(WindowState? now, WindowChange change) => now is null
        ? change.InboundUtc is not null || change.FullText is not null
        : MovesInbound(now, change) || (change.SetFullText && (change.FullText is not null || now.HasText));

    private static async Task<string?> FindKeptRestAsync(PetitionDbContext db, InboundMessage inbound)
    {
        return await db.Set<WeChatUserWindow>().AsNoTracking()
            .Where(w => w.Channel == inbound.Channel && w.UserId == inbound.UserId)
            .Select(w => w.FullText)
            .SingleOrDefaultAsync();
    }

    /// <summary>Waits (within the passive-reply time) for the reply of the delivery this one repeats, then answers as it did.</summary>
    private static async Task<string?> AwaitFirstDeliveryAsync(ProcessedDeliveries deliveries, InboundMessage inbound, TimeSpan passiveTimeout)
    {
        var looksLeft = (int)Math.Ceiling(passiveTimeout / PollInterval);
        while (true)
        {
            if (await deliveries.FindAsync(inbound.Channel, inbound.DedupKey) is { Replies: { } replies })
                return PassiveReply(inbound, replies);
            if (looksLeft-- == 0) return null;
            await Task.Delay(PollInterval);
        }
    }
}

/// <summary>
/// A change to the user's customer-service window: a new inbound message, and/or the kept "全文" text (SetFullText with
/// null forgets it: a new answer makes an older answer's rest no longer what "全文" means).
/// </summary>
internal sealed record WindowChange(DateTime? InboundUtc, bool SetFullText = false, string? FullText = null);
