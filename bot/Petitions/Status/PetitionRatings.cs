using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Petitions.Status;

public enum RatingOutcome { Recorded, NotYetReplied, AlreadyRated, NotFound }

/// <summary>评价: the citizen rates the handling once an answer has been recorded (RepliedUtc set).</summary>
public sealed class PetitionRatings(PetitionDbContext db, TimeProvider time, ILogger<PetitionRatings> logger)
{
    /// <summary>Petitions of this chat user that have an answer and no rating yet, newest first.</summary>
    public Task<List<Petition>> AwaitingRatingAsync(string channel, string userId, CancellationToken cancellationToken = default) =>
        db.Petitions.AsNoTracking()
            .Where(p => p.Channel == channel && p.ChannelUserId == userId && p.RepliedUtc != null && p.Rating == null)
            .OrderByDescending(p => p.RepliedUtc)
            .Take(5)
            .ToListAsync(cancellationToken);

    public async Task<RatingOutcome> RateAsync(string trackingNo, PetitionRating rating, string? reason, CancellationToken cancellationToken = default)
    {
        var petition = await db.Petitions.FirstOrDefaultAsync(p => p.TrackingNo == trackingNo, cancellationToken);
        if (petition is null) return RatingOutcome.NotFound;
        if (petition.RepliedUtc is null) return RatingOutcome.NotYetReplied;
        if (petition.Rating is not null) return RatingOutcome.AlreadyRated;

        petition.Rating = rating;
        petition.RatingReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        petition.RatedUtc = time.GetUtcNow().UtcDateTime;
        petition.Version = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A clerk changed the petition meanwhile; rate against the fresh row.
            db.ChangeTracker.Clear();
            return await RateAsync(trackingNo, rating, reason, cancellationToken);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
        logger.LogInformation("Petition {TrackingNo} rated {Rating}", trackingNo, rating);
        return RatingOutcome.Recorded;
    }
}
