namespace PetitionBot.Bot.Data;

/// <summary>A feature's periodic clean-up of its own rows (retention); each is an idempotent delete, safe on every instance.</summary>
internal interface IHousekeepingTask
{
    string Name { get; }

    /// <summary>Deletes what has expired at <paramref name="now"/>; returns the number of rows removed.</summary>
    Task<int> RunAsync(PetitionDbContext db, DateTime now, CancellationToken cancellationToken);
}

/// <summary>Runs every registered <see cref="IHousekeepingTask"/> soon after start and then hourly.</summary>
internal sealed class HousekeepingService(
    IServiceScopeFactory scopes, IEnumerable<IHousekeepingTask> tasks, TimeProvider time, ILogger<HousekeepingService> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            await RunOnceAsync(stoppingToken);
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var task in tasks)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
                var removed = await task.RunAsync(db, time.GetUtcNow().UtcDateTime, cancellationToken);
                if (removed > 0) logger.LogInformation("Housekeeping {Task} removed {Rows} rows", task.Name, removed);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Housekeeping {Task} failed; trying again in {Interval}", task.Name, Interval);
            }
        }
    }
}
