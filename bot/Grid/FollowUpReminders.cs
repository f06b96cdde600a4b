using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Channels.WeChat;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Notifications;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Petitions.Clock;

namespace PetitionBot.Bot.Grid;

/// <summary>Section "Grid:Reminders": the daily WeCom message to grid workers with follow-ups due.</summary>
public sealed class FollowUpReminderOptions
{
    public const string Section = "Grid:Reminders";

    /// <summary>Send reminders at all; they go out only when the WeCom app is configured (WeComOptions.AppEnabled).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time of day, Beijing time, at which the day's reminders go out.</summary>
    public TimeSpan At { get; set; } = new(8, 30, 0);

    public IReadOnlyList<string> Problems() =>
        At < TimeSpan.Zero || At >= TimeSpan.FromDays(1)
            ? [$"Grid:Reminders:At must be a time of day between 00:00 and 23:59 (Beijing time), e.g. 08:30, not {At}."]
            : [];
}

/// <summary>
/// One day's reminders: each active grid worker bound to a WeCom member whose grid has follow-ups due gets one app
/// message through the outbox (channel "wecom"). The dedup key names the account and the day, so a second pass the same
/// day — a restart, another instance — queues nothing. The text names no party: it is a pointer to the ledger.
/// </summary>
public sealed class FollowUpReminders(PetitionDbContext db, IOutbox outbox, ILogger<FollowUpReminders> logger)
{
    public const string Kind = "grid-reminder";

    public static string DedupKey(long userId, DateOnly day) =>
        $"{Kind}:{userId.ToString(CultureInfo.InvariantCulture)}:{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    public static string Text(string gridName, int due) =>
        $"【网格员提醒】{gridName}今天有 {due} 件矛盾纠纷到了跟进日期，请打开信访事项办理系统的排查台账跟进。";

    /// <returns>Reminders queued now (workers already reminded on this day are not counted).</returns>
    public async Task<int> QueueAsync(DateOnly today, CancellationToken ct)
    {
        var workers = await db.Set<OfficeUser>().AsNoTracking()
            .Where(u => u.Role == OfficeRole.GridWorker && u.Active && u.WeComUserId != null && u.GridId != null)
            .Select(u => new { u.Id, WeComUserId = u.WeComUserId!, GridId = u.GridId!.Value })
            .ToListAsync(ct);
        if (workers.Count == 0) return 0;

        var gridIds = workers.Select(w => w.GridId).Distinct().ToList();
        var due = await DisputeLedger.Due(db.Set<Dispute>().Where(d => gridIds.Contains(d.GridId)), today)
            .GroupBy(d => d.GridId)
            .Select(g => new { GridId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.GridId, g => g.Count, ct);
        var names = await db.Set<GridArea>().AsNoTracking().Where(g => gridIds.Contains(g.Id))
            .ToDictionaryAsync(g => g.Id, g => g.Name, ct);

        var queued = 0;
        foreach (var worker in workers)
        {
            if (!due.TryGetValue(worker.GridId, out var count) || count == 0) continue;
            if (await outbox.EnqueueAsync(WeComNotificationSender.ChannelName, worker.WeComUserId, Kind,
                    Text(names.GetValueOrDefault(worker.GridId, "您所在的网格"), count), null, DedupKey(worker.Id, today), ct))
            {
                queued++;
            }
        }
        logger.LogInformation("Grid follow-up reminders for {Day}: {Queued} queued, {Workers} workers bound to WeCom", today, queued, workers.Count);
        return queued;
    }
}

/// <summary>
/// Queues the day's reminders at Grid:Reminders:At (Beijing time) on the app's TimeProvider. A start after that time
/// queues today's at once: the dedup key keeps it to one per worker and day.
/// </summary>
internal sealed class FollowUpReminderService(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<FollowUpReminderOptions> options, IOptions<WeComOptions> weCom,
    ILogger<FollowUpReminderService> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled || !weCom.Value.AppEnabled)
        {
            logger.LogInformation("Grid follow-up reminders by WeCom are off (Grid:Reminders:Enabled, or WeCom AgentId/Secret unset)");
            return;
        }
        DateOnly? done = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var today = ChinaTime.ToDate(now);
            var sendAt = SendTimeUtc(today);
            TimeSpan wait;
            if (done != today && now >= sendAt)
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<FollowUpReminders>().QueueAsync(today, stoppingToken);
                    done = today;
                    continue;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Grid follow-up reminders failed; trying again in {Delay}", RetryAfterFailure);
                    wait = RetryAfterFailure;
                }
            }
            else
            {
                wait = (done == today ? SendTimeUtc(today.AddDays(1)) : sendAt) - now;
            }
            await Task.Delay(wait, time, stoppingToken);
        }
    }

    private DateTime SendTimeUtc(DateOnly day) => ChinaTime.StartOfDayUtc(day) + options.Value.At;
}
