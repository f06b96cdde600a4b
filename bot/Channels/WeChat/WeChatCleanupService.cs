using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>
/// Forgets deliveries after an hour (WeChat's retries come within seconds) and windows of users silent for a month.
/// Idempotent deletes, so it may run on every instance.
/// </summary>
internal sealed class WeChatCleanupService(IServiceScopeFactory scopes, TimeProvider time, ILogger<WeChatCleanupService> logger)
    : BackgroundService
{
    public static readonly TimeSpan KeepDeliveries = TimeSpan.FromHours(1);
    public static readonly TimeSpan KeepWindows = TimeSpan.FromDays(30);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CleanupAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "WeChat cleanup failed; trying again in {Interval}", Interval);
            }
        }
    }

    public async Task CleanupAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var deliveriesBefore = now - KeepDeliveries;
        var windowsBefore = now - KeepWindows;
        // Ids follow arrival, so the expired deliveries are those before the first one still kept: found by walking the
        // table from its oldest row, without an index on the time that every claim would have to write too.
        var firstKept = await db.Set<WeChatDelivery>()
            .Where(d => d.ReceivedUtc >= deliveriesBefore)
            .OrderBy(d => d.Id)
            .Select(d => (long?)d.Id)
            .FirstOrDefaultAsync(cancellationToken);
        var expired = firstKept is { } kept
            ? db.Set<WeChatDelivery>().Where(d => d.Id < kept)
            : db.Set<WeChatDelivery>().Where(d => d.ReceivedUtc < deliveriesBefore);
        var deliveries = await expired.ExecuteDeleteAsync(cancellationToken);
        var windows = await db.Set<WeChatUserWindow>()
            .Where(w => w.LastInboundUtc < windowsBefore)
            .ExecuteDeleteAsync(cancellationToken);
        if (deliveries + windows > 0)
        {
            logger.LogInformation("WeChat cleanup removed {Deliveries} deliveries and {Windows} user windows", deliveries, windows);
        }
    }
}
