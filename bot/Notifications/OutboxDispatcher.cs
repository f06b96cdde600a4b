using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Notifications;

/// <summary>
/// Sends due outbox rows. Rows are claimed with a conditional UPDATE that sets a lease, so across instances only one
/// sends a row; the lease value doubles as a fencing token when the outcome is recorded.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<OutboxOptions> options,
    IEnumerable<PullChannel> pullChannels,
    ILogger<OutboxDispatcher> logger)
{
    // Rows of these channels wait for the citizen to fetch them (PendingNotices); sending them would only abandon them.
    private readonly string[] _pulled = pullChannels.Select(c => c.Name).Distinct().ToArray();

    /// <summary>Sends one batch of due rows; returns how many rows this instance handled.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        var now = Now();
        var due = await db.Outbox.AsNoTracking()
            .Where(m => m.DeliveredUtc == null && m.AbandonedUtc == null && m.NextAttemptUtc <= now
                && (m.LockedUntilUtc == null || m.LockedUntilUtc < now) && !_pulled.Contains(m.Channel))
            .OrderBy(m => m.NextAttemptUtc).ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken);
        if (due.Count == 0) return 0;

        var leasedAt = Now();
        var lease = leasedAt + settings.Lease;
        // Rows another instance took meanwhile keep their lease and are not read back below.
        var claimedCount = await db.Outbox
            .Where(m => due.Contains(m.Id) && m.DeliveredUtc == null && m.AbandonedUtc == null
                && (m.LockedUntilUtc == null || m.LockedUntilUtc < leasedAt))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntilUtc, lease), cancellationToken);
        if (claimedCount == 0) return 0;

        // The rows as this instance now holds them, in the order they fell due.
        var messages = await db.Outbox.AsNoTracking().Where(m => due.Contains(m.Id) && m.LockedUntilUtc == lease)
            .OrderBy(m => m.NextAttemptUtc).ThenBy(m => m.Id)
            .ToListAsync(cancellationToken);

        // Quota slots and the like, for the whole batch in one transaction (a row for a channel without a sender is settled here).
        var senders = Senders(scope.ServiceProvider);
        var settled = new Dictionary<long, DeliveryResult>();
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var message in messages)
            {
                var outcome = senders.TryGetValue(message.Channel, out var sender)
                    ? await sender.ReserveAsync(db, message, cancellationToken)
                    : new DeliveryResult(DeliveryOutcome.GiveUp, $"No notification sender is registered for channel '{message.Channel}'.");
                if (outcome is not null) settled[message.Id] = outcome;
            }
            await transaction.CommitAsync(cancellationToken);
        }

        // One citizen's messages in their order (the parts of a long answer), different citizens side by side.
        var results = new ConcurrentQueue<(OutboxMessage Message, DeliveryResult Result)>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken };
        try
        {
            await Parallel.ForEachAsync(messages.GroupBy(m => (m.Channel, m.UserId)), parallel, async (recipient, token) =>
            {
                // A scope per citizen: scoped senders (and their contexts) are not shared between parallel sends.
                await using var sendScope = scopes.CreateAsyncScope();
                var sendWith = Senders(sendScope.ServiceProvider);
                foreach (var message in recipient)
                {
                    var result = settled.TryGetValue(message.Id, out var outcome)
                        ? outcome
                        : await SendAsync(sendWith[message.Channel], message, token);
                    results.Enqueue((message, result));
                }
            });
        }
        finally
        {
            // Also when stopping half-way: what was sent is recorded, the rest waits for its lease to run out.
            if (!results.IsEmpty) await RecordAsync(db, results.ToList(), lease);
        }
        return messages.Count;
    }

    // Resolved per scope so senders may be scoped or transient (typed HttpClients are).
    private static Dictionary<string, INotificationSender> Senders(IServiceProvider services) =>
        services.GetServices<INotificationSender>()
            .GroupBy(s => s.Channel, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);

    private async Task<DeliveryResult> SendAsync(INotificationSender sender, OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await sender.SendAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Sending outbox message {Id} via {Channel} failed", message.Id, message.Channel);
            return new DeliveryResult(DeliveryOutcome.RetryLater, ex.GetType().Name + ": " + ex.Message);
        }
    }

    /// <summary>Records every outcome of the batch in one transaction (each row only while this instance's lease holds).</summary>
    private async Task RecordAsync(PetitionDbContext db, IReadOnlyList<(OutboxMessage Message, DeliveryResult Result)> results, DateTime lease)
    {
        var settings = options.Value;
        var now = Now();
        var lost = new List<long>();
        await using (var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None))
        {
            foreach (var (message, result) in results)
            {
                var attempts = message.Attempts + 1;
                var error = result.Outcome == DeliveryOutcome.Delivered ? null
                    : result.Error is { Length: > 1000 } e ? e[..1000] : result.Error;
                var retry = result.Outcome == DeliveryOutcome.RetryLater && attempts < settings.MaxAttempts;
                DateTime? delivered = result.Outcome == DeliveryOutcome.Delivered ? now : null;
                DateTime? abandoned = delivered is null && !retry ? now : null;
                var next = retry ? now + Backoff(attempts, settings) : message.NextAttemptUtc;
                var rows = await db.Outbox.Where(m => m.Id == message.Id && m.LockedUntilUtc == lease)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.DeliveredUtc, delivered)
                        .SetProperty(m => m.AbandonedUtc, abandoned)
                        .SetProperty(m => m.NextAttemptUtc, next)
                        .SetProperty(m => m.Attempts, attempts)
                        .SetProperty(m => m.LastError, error)
                        .SetProperty(m => m.LockedUntilUtc, (DateTime?)null), CancellationToken.None);
                if (rows == 0) lost.Add(message.Id);
            }
            await transaction.CommitAsync(CancellationToken.None);
        }

        foreach (var (message, result) in results)
        {
            var attempts = message.Attempts + 1;
            if (lost.Contains(message.Id))
                logger.LogWarning("Outbox message {Id}: lease expired before the outcome was recorded; another instance owns it now", message.Id);
            else if (result.Outcome == DeliveryOutcome.Delivered)
                logger.LogInformation("Outbox message {Id} ({Kind}) delivered via {Channel}", message.Id, message.Kind, message.Channel);
            else if (result.Outcome == DeliveryOutcome.RetryLater && attempts < settings.MaxAttempts)
                logger.LogInformation("Outbox message {Id} via {Channel} will be retried after {Delay} (attempt {Attempts}): {Error}",
                    message.Id, message.Channel, Backoff(attempts, settings), attempts, result.Error);
            else
                logger.LogWarning("Outbox message {Id} via {Channel} abandoned after {Attempts} attempt(s): {Error}",
                    message.Id, message.Channel, attempts, result.Error);
        }
    }

    /// <summary>BaseDelay, 2×, 4× … capped at MaxDelay.</summary>
    public static TimeSpan Backoff(int attempts, OutboxOptions settings)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(settings.BaseDelay.Ticks * factor, settings.MaxDelay.Ticks));
        return delay;
    }

    // Whole milliseconds: PostgreSQL keeps microseconds, SQLite ticks; the lease must compare equal after a round trip.
    private DateTime Now()
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }
}

/// <summary>Runs the dispatcher until the host stops.</summary>
internal sealed class OutboxDispatcherService(OutboxDispatcher dispatcher, OutboxSignal signal, TimeProvider time,
    IOptions<OutboxOptions> options, DatabaseHealth health, ILogger<OutboxDispatcherService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            logger.LogInformation("Outbox dispatcher disabled in this instance (Outbox:Enabled=false)");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                handled = await dispatcher.DispatchDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (DatabaseHealth.IsOutage(ex))
            {
                health.ReportFailure(ex); // logged once per outage, not every poll
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Outbox dispatch failed; trying again after the poll interval");
            }
            // A full batch means more may be waiting: go again at once.
            if (handled >= options.Value.BatchSize) continue;
            try
            {
                await signal.WaitAsync(options.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
