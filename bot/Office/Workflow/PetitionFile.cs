using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Audit;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Status;
using PetitionBot.Bot.Petitions.Clock;

namespace PetitionBot.Bot.Office.Workflow;

public sealed record RelatedPetition(string TrackingNo, string Why, string Status, string ReceivedDate, string Request);

/// <summary>Everything the petition page shows: the petition, its clock, its history and its links.</summary>
public sealed record PetitionFileData(
    Petition Petition,
    IReadOnlyList<PetitionEvent> Timeline,
    IReadOnlyList<PetitionDeadline> Deadlines,
    IReadOnlyList<HandlingOpinion> Opinions,
    IReadOnlyList<FollowUpVisit> FollowUps,
    IReadOnlyList<RatingEscalation> Escalations,
    IReadOnlyList<RelatedPetition> Related);

public enum RevealResult { Revealed, NotFound, Forbidden }

public sealed class PetitionFile(PetitionDbContext db, AuditLog audit, IPersonalDataProtector protector, ILogger<PetitionFile> logger)
{
    /// <summary>Null when there is no such petition; check CanSee before showing it.</summary>
    public async Task<PetitionFileData?> LoadAsync(string trackingNo, OfficeActor actor, CancellationToken ct)
    {
        var p = await db.Petitions.AsNoTracking()
            .Include(x => x.Photos).Include(x => x.Transcript)
            .AsSplitQuery()
            .SingleOrDefaultAsync(x => x.TrackingNo == trackingNo, ct);
        if (p is null) return null;
        p.Transcript = p.Transcript.OrderBy(t => t.AtUtc).ThenBy(t => t.Id).ToList();
        // What the page lists of the scanned files; their bytes are read only when one is opened.
        p.Attachments = await db.Set<PetitionAttachment>().AsNoTracking().Where(a => a.PetitionId == p.Id).OrderBy(a => a.Id)
            .Select(a => new PetitionAttachment
            {
                Id = a.Id, PetitionId = a.PetitionId, FileName = a.FileName, ContentType = a.ContentType, Length = a.Length,
                UploadedUtc = a.UploadedUtc, UploadedBy = a.UploadedBy, Content = Array.Empty<byte>(),
            })
            .ToListAsync(ct);

        var timeline = await db.Set<PetitionEvent>().AsNoTracking().Where(e => e.PetitionId == p.Id).OrderBy(e => e.AtUtc).ThenBy(e => e.Id).ToListAsync(ct);
        var deadlines = await db.Set<PetitionDeadline>().AsNoTracking().Where(d => d.PetitionId == p.Id).OrderBy(d => d.Id).ToListAsync(ct);
        var opinions = await db.Set<HandlingOpinion>().AsNoTracking().Where(o => o.PetitionId == p.Id).OrderBy(o => o.Id).ToListAsync(ct);
        var visits = await db.Set<FollowUpVisit>().AsNoTracking().Where(v => v.PetitionId == p.Id).OrderBy(v => v.AtUtc).ToListAsync(ct);
        var escalations = await db.Set<RatingEscalation>().AsNoTracking().Where(e => e.PetitionId == p.Id).OrderBy(e => e.Level).ToListAsync(ct);
        return new PetitionFileData(p, timeline, deadlines, opinions, visits, escalations, await RelatedAsync(p, actor, ct));
    }

    // Earlier petitions of the same person (same ID hash), the ones it names as earlier, and similar matters.
    private async Task<List<RelatedPetition>> RelatedAsync(Petition p, OfficeActor actor, CancellationToken ct)
    {
        // A grid worker may open the petitions filed from their grid, not learn of the citizen's other ones.
        if (actor.Role == OfficeRole.GridWorker) return [];
        var q = db.Petitions.AsNoTracking().Where(x => x.Id != p.Id);
        if (actor.Role == OfficeRole.HandlingUnit) q = q.Where(x => x.HandlingUnitId == actor.UnitId);
        var candidates = await q
            .Where(x => x.IdNumberHash == p.IdNumberHash
                || x.Id == p.RepeatOfPetitionId
                || x.TrackingNo == p.EarlierTrackingNo
                || x.RepeatOfPetitionId == p.Id
                || x.EarlierTrackingNo == p.TrackingNo
                || (x.Locality == p.Locality && x.Field == p.Field && x.ConcernedUnit != null && x.ConcernedUnit == p.ConcernedUnit))
            .OrderByDescending(x => x.ReceivedUtc).Take(20)
            .Select(x => new { x.Id, x.TrackingNo, x.IdNumberHash, x.RepeatOfPetitionId, x.EarlierTrackingNo, x.Status, x.ReceivedUtc, x.Request })
            .ToListAsync(ct);
        return candidates.Select(x => new RelatedPetition(
            x.TrackingNo,
            x.Id == p.RepeatOfPetitionId || x.TrackingNo == p.EarlierTrackingNo ? "本件所称的前次信访"
                : x.RepeatOfPetitionId == p.Id || x.EarlierTrackingNo == p.TrackingNo ? "就本件再次信访"
                : x.IdNumberHash == p.IdNumberHash ? "同一信访人"
                : "相似事项（同地、同领域、同涉及单位）",
            PetitionStatusText.Label(x.Status),
            PetitionClock.Format(x.ReceivedUtc),
            x.Request.Length > 50 ? x.Request[..50] + "…" : x.Request)).ToList();
    }

    /// <summary>Shows the ID number and phone in clear to a role allowed to see them; every reveal is audited.</summary>
    public async Task<(RevealResult Result, string? IdNumber, string? Phone)> RevealAsync(string trackingNo, OfficeActor actor, CancellationToken ct)
    {
        var p = await db.Petitions.AsNoTracking().SingleOrDefaultAsync(x => x.TrackingNo == trackingNo, ct);
        if (p is null) return (RevealResult.NotFound, null, null);
        if (!actor.CanSee(p) || !actor.MayReveal) return (RevealResult.Forbidden, null, null);
        string id;
        try
        {
            id = protector.Unprotect(p.IdNumberProtected);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            logger.LogError(e, "ID number of petition {TrackingNo} could not be decrypted (data protection keys changed?)", trackingNo);
            id = "（无法解密：数据保护密钥不可用）";
        }
        audit.Add(actor, "查看身份证号和电话", trackingNo, null, new { fields = new[] { "身份证号", "联系电话" } });
        await db.SaveChangesAsync(ct);
        logger.LogInformation("User {UserId} revealed the personal data of petition {TrackingNo}", actor.UserId, trackingNo);
        return (RevealResult.Revealed, id, p.Phone);
    }
}
