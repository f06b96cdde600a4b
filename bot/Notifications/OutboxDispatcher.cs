using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Notifications;

/// <summary>
/// Sends due outbox rows. Each row is claimed with a conditional UPDATE that sets a lease, so across instances only one
/// sends it; the lease value doubles as a fencing token when the outcome is recorded.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger)
{
    /// <summary>Sends one batch of due rows; returns how many rows this instance handled.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        // Resolved per batch so senders may be scoped or transient (typed HttpClients are).
        var senders = scope.ServiceProvider.GetServices<INotificationSender>()
            .GroupBy(s => s.Channel, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);

        var now = Now();
        var due = await db.Outbox.AsNoTracking()
            .Where(m => m.DeliveredUtc == null && m.AbandonedUtc == null && m.NextAttemptUtc <= now
                && (m.LockedUntilUtc == null || m.LockedUntilUtc < now))
            .OrderBy(m => m.NextAttemptUtc).ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken);

        var handled = 0;
        foreach (var id in due)
        {
            now = Now();
            var lease = now + settings.Lease;
            var claimed = await db.Outbox
                .Where(m => m.Id == id && m.DeliveredUtc == null && m.AbandonedUtc == null
                    && (m.LockedUntilUtc == null || m.LockedUntilUtc < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntilUtc, lease), cancellationToken);
            if (claimed == 0) continue; // another instance got it first

            var message = await db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id, cancellationToken);
            var result = await SendAsync(senders, message, cancellationToken);
            await RecordAsync(db, message, lease, result, cancellationToken);
            handled++;
        }
        return handled;
    }

    private async Task<DeliveryResult> SendAsync(Dictionary<string, INotificationSender> senders, OutboxMessage message,
        CancellationToken cancellationToken)
    {
        if (!senders.TryGetValue(message.Channel, out var sender))
            return new DeliveryResult(DeliveryOutcome.GiveUp, $"No notification sender is registered for channel '{message.Channel}'.");
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

    private async Task RecordAsync(PetitionDbContext db, OutboxMessage message, DateTime lease, DeliveryResult result, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = Now();
        var attempts = message.Attempts + 1;
        var error = result.Error is { Length: > 1000 } e ? e[..1000] : result.Error;
        var mine = db.Outbox.Where(m => m.Id == message.Id && m.LockedUntilUtc == lease);

        int rows;
        switch (result.Outcome)
        {
            case DeliveryOutcome.Delivered:
                rows = await mine.ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.DeliveredUtc, now)
                    .SetProperty(m => m.Attempts, attempts)
                    .SetProperty(m => m.LastError, (string?)null)
                    .SetProperty(m => m.LockedUntilUtc, (DateTime?)null), cancellationToken);
                logger.LogInformation("Outbox message {Id} ({Kind}) delivered via {Channel}", message.Id, message.Kind, message.Channel);
                break;

            case DeliveryOutcome.RetryLater when attempts < settings.MaxAttempts:
                var next = now + Backoff(attempts, settings);
                rows = await mine.ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.NextAttemptUtc, next)
                    .SetProperty(m => m.Attempts, attempts)
                    .SetProperty(m => m.LastError, error)
                    .SetProperty(m => m.LockedUntilUtc, (DateTime?)null), cancellationToken);
                logger.LogInformation("Outbox message {Id} via {Channel} will be retried at {NextAttemptUtc} (attempt {Attempts}): {Error}",
                    message.Id, message.Channel, next, attempts, error);
                break;

            default:
                rows = await mine.ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.AbandonedUtc, now)
                    .SetProperty(m => m.Attempts, attempts)
                    .SetProperty(m => m.LastError, error)
                    .SetProperty(m => m.LockedUntilUtc, (DateTime?)null), cancellationToken);
                logger.LogWarning("Outbox message {Id} via {Channel} abandoned after {Attempts} attempt(s): {Error}",
                    message.Id, message.Channel, attempts, error);
                break;
        }
        if (rows == 0)
            logger.LogWarning("Outbox message {Id}: lease expired before the outcome was recorded; another instance owns it now", message.Id);
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
internal sealed class OutboxDispatcherService(OutboxDispatcher dispatcher, TimeProvider time, IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcherService> logger) : BackgroundService
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
            catch (Exception ex)
            {
                logger.LogError(ex, "Outbox dispatch failed; trying again after the poll interval");
            }
            // A full batch means more may be waiting: go again at once.
            if (handled >= options.Value.BatchSize) continue;
            try
            {
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
