using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Petitions.Intake;

/// <summary>
/// The earlier petition a new one points back to learns it at once, so the dashboard counts 初转重 and 一次性化解 from the
/// petition row itself instead of joining every later repeat (issue 24: a million rows).
/// </summary>
public static class RepeatLinks
{
    /// <summary>Marks the petition(s) <paramref name="repeat"/> points back to; call inside the transaction that inserts it.</summary>
    public static Task<int> MarkEarlierAsync(PetitionDbContext db, Petition repeat, CancellationToken ct = default)
    {
        var earlierId = repeat.RepeatOfPetitionId;
        var earlierNo = repeat.EarlierTrackingNo;
        if (earlierId is null && earlierNo is null) return Task.FromResult(0);
        // By link or by the number the citizen remembered, the same two ways the dashboard used to look them up.
        return db.Petitions
            .Where(p => p.Id != repeat.Id && !p.HasLaterRepeat && (p.Id == earlierId || (earlierNo != null && p.TrackingNo == earlierNo)))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.HasLaterRepeat, true), ct);
    }

    /// <summary>Marks every petition some other petition points back to: for data written around intake (bench seed).</summary>
    public static Task<int> MarkAllAsync(PetitionDbContext db, CancellationToken ct = default) =>
        db.Petitions
            .Where(p => !p.HasLaterRepeat && (db.Petitions.Any(r => r.RepeatOfPetitionId == p.Id)
                || db.Petitions.Any(r => r.EarlierTrackingNo != null && r.EarlierTrackingNo == p.TrackingNo)))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.HasLaterRepeat, true), ct);
}
