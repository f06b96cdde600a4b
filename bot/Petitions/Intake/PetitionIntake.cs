using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Petitions.Clock;

namespace PetitionBot.Bot.Petitions.Intake;

/// <summary>
/// Registers petitions: one durable, idempotent transaction per confirmation. The same SubmissionKey always yields the
/// same petition; tracking numbers XF{yyyyMMdd}-{0001} count per Asia/Shanghai day without gaps.
/// </summary>
public sealed class PetitionIntake(PetitionDbContext db, TimeProvider time, Telemetry.BotTelemetry telemetry, ILogger<PetitionIntake> logger)
{
    private const int MaxAttempts = 8;

    public async Task<SubmissionResult> SubmitAsync(NewPetition draft, CancellationToken cancellationToken = default)
    {
        using var activity = Telemetry.BotTelemetry.Source.StartActivity("petition.register");
        activity?.SetTag("channel", draft.Channel);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await FindBySubmissionKeyAsync(draft.SubmissionKey, cancellationToken);
            if (existing is not null) return new SubmissionResult(existing, Created: false);

            try
            {
                var petition = await InsertAsync(draft, cancellationToken);
                logger.LogInformation("Petition {TrackingNo} registered from {Channel} (litigation-related: {LitigationRelated})",
                    petition.TrackingNo, petition.Channel, petition.LitigationRelated);
                telemetry.Filed(petition.Channel, petition.LitigationRelated);
                return new SubmissionResult(petition, Created: true);
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts)
            {
                // Another instance took the day's first number or the same confirmation won the race: look again.
                logger.LogDebug(ex, "Submission attempt {Attempt} conflicted; retrying", attempt);
                db.ChangeTracker.Clear();
            }
        }
    }

    public Task<Petition?> FindBySubmissionKeyAsync(string submissionKey, CancellationToken cancellationToken = default) =>
        db.Petitions.AsNoTracking().FirstOrDefaultAsync(p => p.SubmissionKey == submissionKey, cancellationToken);

    public Task<Petition?> FindByIdAsync(long id, CancellationToken cancellationToken = default) =>
        db.Petitions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);

    private async Task<Petition> InsertAsync(NewPetition draft, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var day = ChinaTime.ToLocal(now).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

        // On SQLite, wait for the disk on this commit even though chat turns do not (see SqliteConnectionSettings): a confirmed
        // petition must survive a power cut. The setting lives on the pooled native connection: set back before it returns.
        var sqlite = db.Database.IsSqlite();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (sqlite) await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=FULL;", cancellationToken);
            return await InsertInTransactionAsync(draft, day, now, cancellationToken);
        }
        finally
        {
            if (sqlite) await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=NORMAL;", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<Petition> InsertInTransactionAsync(NewPetition draft, string day, DateTime now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite) first, so concurrent submissions queue here
        // and each reads back its own value.
        var updated = await db.Set<TrackingSequence>().Where(s => s.Day == day)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Last, x => x.Last + 1), cancellationToken);
        int number;
        if (updated == 0)
        {
            db.Add(new TrackingSequence { Day = day, Last = 1 });
            await db.SaveChangesAsync(cancellationToken); // a concurrent first-of-the-day insert fails here and retries
            number = 1;
        }
        else
        {
            number = await db.Set<TrackingSequence>().Where(s => s.Day == day).Select(s => s.Last).SingleAsync(cancellationToken);
        }

        var petition = ToEntity(draft, $"XF{day}-{number:D4}", now);
        db.Petitions.Add(petition);
        await db.SaveChangesAsync(cancellationToken);
        await RepeatLinks.MarkEarlierAsync(db, petition, cancellationToken);
        // Registration starts the statutory clock in the same transaction: no petition exists without its 15-day period.
        var (registered, dispose) = PetitionEvent.OnRegistration(petition, now);
        db.AddRange(registered, dispose);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return petition;
    }

    /// <summary>
    /// The moment the statutory clock starts from: now, or for a letter or visit received on an earlier day, the start of
    /// that day (only the date is known, and the periods count in days).
    /// </summary>
    private static DateTime ReceivedUtc(DateOnly? receivedOn, DateTime now) =>
        receivedOn is { } day && day < ChinaTime.ToDate(now) ? ChinaTime.StartOfDayUtc(day) : now;

    private static Petition ToEntity(NewPetition d, string trackingNo, DateTime now) => new()
    {
        TrackingNo = trackingNo,
        Status = PetitionStatus.Registered,
        PetitionerName = d.PetitionerName,
        IdNumberProtected = d.IdNumber.Protected,
        IdNumberHash = d.IdNumber.Hash,
        IdNumberMasked = d.IdNumber.Masked,
        Phone = d.Phone,
        Address = d.Address,
        Locality = d.Locality,
        ConcernedUnit = d.ConcernedUnit,
        Category = d.Category,
        Field = d.Field,
        Request = d.Request,
        FactsAndReasons = d.FactsAndReasons,
        RaisedBefore = d.RaisedBefore,
        EarlierTrackingNo = d.EarlierTrackingNo,
        PeopleCount = d.PeopleCount,
        Representatives = d.Representatives.Count == 0 ? null : string.Join('\n', d.Representatives),
        LitigationRelated = d.LitigationRelated,
        IsRepeat = d.RepeatOfPetitionId is not null,
        RepeatOfPetitionId = d.RepeatOfPetitionId,
        SuggestedRoutes = d.SuggestedRoutes.Count == 0 ? null : string.Join(',', d.SuggestedRoutes),
        Channel = d.Channel,
        ChannelUserId = d.ChannelUserId,
        SubmissionKey = d.SubmissionKey,
        SourceUnitCode = d.SourceUnitCode,
        ReceivedUtc = ReceivedUtc(d.ReceivedOn, now),
        Source = d.Source,
        ReceivedBy = d.ReceivedBy,
        ReceivedByName = d.ReceivedByName,
        BookingNo = d.BookingNo,
        Attachments = d.Attachments.Select(a => new PetitionAttachment
        {
            FileName = a.FileName, ContentType = a.ContentType, Length = a.Content.Length, Content = a.Content, UploadedUtc = now,
            UploadedBy = d.ReceivedBy ?? d.Channel,
        }).ToList(),
        Photos = d.Photos.Select(p => new PetitionPhoto { Url = p.Url, MediaId = p.MediaId }).ToList(),
        Transcript = d.Transcript.Select(t => new TranscriptLine { AtUtc = t.AtUtc, Speaker = t.Speaker, Text = t.Text }).ToList(),
    };
}
