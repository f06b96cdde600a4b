using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Notifications;
using PetitionBot.Bot.Petitions.Clock;

namespace PetitionBot.Bot.Reception;

/// <summary>Section "Reception:Reminders": the message the day before a booked visit.</summary>
public sealed class VisitReminderOptions
{
    public const string Section = "Reception:Reminders";

    public bool Enabled { get; set; } = true;

    /// <summary>Time of day, Beijing time, at which the next day's visitors are reminded.</summary>
    public TimeSpan At { get; set; } = new(9, 0, 0);

    public IReadOnlyList<string> Problems() =>
        At < TimeSpan.Zero || At >= TimeSpan.FromDays(1)
            ? [$"Reception:Reminders:At must be a time of day between 00:00 and 23:59 (Beijing time), e.g. 09:00, not {At}."]
            : [];
}

/// <summary>
/// The day before a reception day, every open booking made in a chat gets a reminder on that chat through the outbox.
/// Web-form bookings have no channel to push to and get none (the page tells the citizen to note the number). The dedup
/// key names the booking, so a restart or a second instance queues nothing twice.
/// </summary>
public sealed class VisitReminders(PetitionDbContext db, IOutbox outbox, ILogger<VisitReminders> logger)
{
    public const string Kind = "visit-reminder";

    public static string DedupKey(string bookingNo) => $"{Kind}:{bookingNo}";

    public static string Text(VisitBooking b, ReceptionDayView day) =>
        $"【走访预约提醒】您预约的领导接访日是明天 {ReceptionDesk.DateLabel(day.Date)}{(day.Time is { Length: > 0 } t ? " " + t : "")}，" +
        $"地点：{day.Place}，接访领导：{day.Leader}。预约号 {b.BookingNo}。请带上身份证件按时到达；不能来请回复“取消预约”。";

    public async Task<int> QueueAsync(DateOnly today, CancellationToken ct)
    {
        var tomorrow = today.AddDays(1);
        var rows = await (from b in db.Set<VisitBooking>().AsNoTracking()
                          join d in db.Set<ReceptionDay>().AsNoTracking() on b.DayId equals d.Id
                          join p in db.Set<ReceptionPlace>().AsNoTracking() on d.PlaceId equals p.Id
                          where d.Date == tomorrow && d.Active && b.Status == BookingStatus.Booked && b.Channel != null && b.UserId != null
                          select new { b, d, p }).ToListAsync(ct);
        var queued = 0;
        foreach (var r in rows)
        {
            if (await outbox.EnqueueAsync(r.b.Channel!, r.b.UserId!, Kind, Text(r.b, ReceptionDesk.View(r.d, r.p)), null, DedupKey(r.b.BookingNo), ct))
                queued++;
        }
        logger.LogInformation("Visit reminders for {Day}: {Queued} queued of {Bookings} chat bookings", tomorrow, queued, rows.Count);
        return queued;
    }
}

/// <summary>Queues tomorrow's visit reminders at Reception:Reminders:At (Beijing time); a later start queues them at once.</summary>
internal sealed class VisitReminderService(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<VisitReminderOptions> options, ILogger<VisitReminderService> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            logger.LogInformation("Visit reminders are off (Reception:Reminders:Enabled)");
            return;
        }
        DateOnly? done = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var today = ChinaTime.ToDate(now);
            var sendAt = ChinaTime.StartOfDayUtc(today) + options.Value.At;
            TimeSpan wait;
            if (done != today && now >= sendAt)
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<VisitReminders>().QueueAsync(today, stoppingToken);
                    done = today;
                    continue;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Visit reminders failed; trying again in {Delay}", RetryAfterFailure);
                    wait = RetryAfterFailure;
                }
            }
            else
            {
                wait = (done == today ? ChinaTime.StartOfDayUtc(today.AddDays(1)) + options.Value.At : sendAt) - now;
            }
            await Task.Delay(wait, time, stoppingToken);
        }
    }
}
