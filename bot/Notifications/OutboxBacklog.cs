using System.Diagnostics.Metrics;
using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Notifications;

/// <summary>
/// The number of outbox messages still to deliver, for the petitionbot.outbox.backlog gauge. One COUNT over the
/// partial pending index, at most every <see cref="MaxAge"/> however often scrapers ask; nothing while the database is down.
/// </summary>
public sealed class OutboxBacklog(IServiceScopeFactory scopes, TimeProvider time, ILogger<OutboxBacklog> logger)
{
    internal static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(15);
    private readonly Lock _gate = new();
    private (DateTimeOffset At, long Count)? _last;

    public IEnumerable<Measurement<long>> Read()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_last is not { } last || now - last.At >= MaxAge)
            {
                try
                {
                    // Metric callbacks are synchronous; the query is one index count.
                    using var scope = scopes.CreateScope();
                    var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
                    _last = (now, db.Outbox.LongCount(m => m.DeliveredUtc == null && m.AbandonedUtc == null));
                }
                catch (Exception ex) when (DatabaseHealth.IsOutage(ex))
                {
                    logger.LogDebug(ex, "Outbox backlog not measured: the database is unavailable");
                    return [];
                }
            }
            return [new Measurement<long>(_last!.Value.Count)];
        }
    }
}
