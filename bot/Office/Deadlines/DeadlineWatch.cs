using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Workflow;
using PetitionBot.Bot.Petitions.Clock;

namespace PetitionBot.Bot.Office.Deadlines;

/// <summary>
/// One pass of the deadline watch: escalates 不满意 ratings given in the chat and raises due-soon and overdue notices
/// for the supervisors. Every instance may run it; the unique key of DeadlineAlert means a notice is raised once.
/// </summary>
public sealed class DeadlineScanner(
    PetitionDbContext db,
    PetitionWorkflow workflow,
    TimeProvider time,
    IOptions<OfficeOptions> options,
    ILogger<DeadlineScanner> logger)
{
    public async Task<int> ScanAsync(CancellationToken ct)
    {
        await workflow.EscalateCitizenRatingsAsync(ct);

        var today = ChinaTime.Today(time);
        var horizon = today.AddDays(options.Value.DueSoonDays);
        var due = await (
                from d in db.Set<PetitionDeadline>()
                join p in db.Petitions on d.PetitionId equals p.Id
                where d.ClosedUtc == null && d.IsObligation && d.DueDate <= horizon
                select new { d.PetitionId, p.TrackingNo, d.Kind, d.DueDate })
            .ToListAsync(ct);

        var raised = 0;
        foreach (var d in due)
        {
            var overdue = PetitionClock.IsOverdue(d.DueDate, today);
            var kind = $"{(overdue ? "Overdue" : "DueSoon")}:{d.Kind}";
            if (await db.Set<DeadlineAlert>().AnyAsync(a => a.PetitionId == d.PetitionId && a.Kind == kind && a.DueDate == d.DueDate, ct))
                continue;
            db.Add(new DeadlineAlert
            {
                PetitionId = d.PetitionId, TrackingNo = d.TrackingNo, Kind = kind, DueDate = d.DueDate, DeadlineKind = d.Kind,
                Overdue = overdue, CreatedUtc = time.GetUtcNow().UtcDateTime,
            });
            try
            {
                await db.SaveChangesAsync(ct);
                raised++;
                logger.LogWarning("Petition {TrackingNo}: {Deadline} {State} (due {DueDate})",
                    d.TrackingNo, d.Kind, overdue ? "overdue" : "due soon", PetitionClock.Format(d.DueDate));
            }
            catch (DbUpdateException)
            {
                // The unique (petition, kind, due date) key: another instance raised it a moment ago.
                db.ChangeTracker.Clear();
            }
        }
        return raised;
    }
}

/// <summary>Runs the scanner on start and then every Office:DeadlineScanInterval, on the app's TimeProvider.</summary>
internal sealed class DeadlineWatch(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<OfficeOptions> options, ILogger<DeadlineWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DeadlineScanInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DeadlineScanner>().ScanAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Deadline scan failed; trying again at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
