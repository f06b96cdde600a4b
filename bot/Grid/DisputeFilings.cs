using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Conversation;
using PetitionBot.Bot.Conversation.Filing;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Audit;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Workflow;
using PetitionBot.Bot.Petitions.Clock;
using PetitionBot.Bot.Petitions.Intake;

namespace PetitionBot.Bot.Grid;

/// <summary>How the citizen confirmed a petition filed on their behalf.</summary>
public static class FilingConfirmation
{
    /// <summary>Typed the code in their own chat and confirmed the summary.</summary>
    public const string Chat = "chat";
    /// <summary>Signed a paper 登记表 the grid worker brought back.</summary>
    public const string Paper = "paper";

    public static string Label(string? how) => how switch
    {
        Chat => "信访人在对话中以确认码确认",
        Paper => "信访人签字的纸质登记表",
        _ => "待信访人确认",
    };
}

/// <summary>
/// 代为登记 prepared for one dispute: the petition form the grid worker filled in (ID number encrypted, as in a chat form),
/// the code the citizen confirms it with, and how and when they did.
/// </summary>
public class DisputeFiling
{
    public long Id { get; set; }
    public long DisputeId { get; set; }
    /// <summary>Six digits, unique among filings not yet confirmed.</summary>
    public required string Code { get; set; }
    /// <summary>The DraftPetition as JSON, the same shape the chat keeps.</summary>
    public required string Draft { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime ExpiresUtc { get; set; }
    public required string CreatedBy { get; set; }
    /// <summary>Shown to the citizen: 「网格员 张三」.</summary>
    public required string WorkerName { get; set; }
    public DateTime? ConfirmedUtc { get; set; }
    /// <summary><see cref="FilingConfirmation.Chat"/> or <see cref="FilingConfirmation.Paper"/>.</summary>
    public string? ConfirmedHow { get; set; }
    public string? TrackingNo { get; set; }
}

internal sealed class DisputeFilingConfiguration : IEntityTypeConfiguration<DisputeFiling>
{
    public void Configure(EntityTypeBuilder<DisputeFiling> b)
    {
        b.ToTable("DisputeFilings");
        b.Property(f => f.Code).HasMaxLength(6);
        b.Property(f => f.Draft).HasMaxLength(20000);
        b.Property(f => f.CreatedBy).HasMaxLength(64);
        b.Property(f => f.WorkerName).HasMaxLength(100);
        b.Property(f => f.ConfirmedHow).HasMaxLength(10);
        b.Property(f => f.TrackingNo).HasMaxLength(40);
        b.HasOne<Dispute>().WithMany().HasForeignKey(f => f.DisputeId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(f => f.DisputeId).IsUnique();
        // Two open filings never share a code, whichever instance made them.
        b.HasIndex(f => f.Code).IsUnique().HasFilter("\"ConfirmedUtc\" IS NULL");
    }
}

/// <summary>The petition form as the grid worker fills it in (信访工作条例 第十九条), checked by the chat's own validators.</summary>
public sealed class OnBehalfForm : PetitionForm;

/// <summary>A prepared filing found by its code, for the citizen's chat.</summary>
public sealed record PreparedFiling(long DisputeId, DraftPetition Draft, string WorkerName);

/// <summary>What the dispute page shows of its filing.</summary>
public sealed record FilingView(string Code, DateTime ExpiresUtc, bool Expired, string? MaskedName, string? TrackingNo, string? ConfirmedHow, DateTime? ConfirmedUtc);

/// <summary>
/// 代为登记: a dispute becomes a petition only with the citizen's confirmation, in their chat with a code or on a signed
/// paper form. Either way it goes through the one intake under the dispute's submission key, so it is filed once.
/// </summary>
public sealed class DisputeFilings(
    PetitionDbContext db,
    DraftWriter writer,
    PetitionIntake intake,
    RepeatDetector repeats,
    AuditLog audit,
    TimeProvider time,
    IOptions<GridOptions> options,
    ILogger<DisputeFilings> logger)
{
    public static string SubmissionKey(long disputeId) => $"dispute:{disputeId}";

    /// <summary>The channel of a petition confirmed on paper: nothing to send it through, the citizen looks it up on the web.</summary>
    public const string PaperChannel = "grid";

    public async Task<FilingView?> ViewAsync(long disputeId, CancellationToken ct)
    {
        var f = await db.Set<DisputeFiling>().AsNoTracking().FirstOrDefaultAsync(x => x.DisputeId == disputeId, ct);
        if (f is null) return null;
        var draft = JsonSerializer.Deserialize<DraftPetition>(f.Draft, ConversationEngine.Json);
        return new FilingView(f.Code, f.ExpiresUtc, f.ExpiresUtc <= time.GetUtcNow().UtcDateTime, draft?.Name is { } n ? Petitions.PersonalData.Masking.MaskName(n) : null,
            f.TrackingNo, f.ConfirmedHow, f.ConfirmedUtc);
    }

    /// <summary>Checks the form, keeps it and gives a fresh code; preparing again replaces the earlier form and code.</summary>
    public async Task<(WorkflowResult Result, string? Code)> PrepareAsync(OfficeActor actor, long disputeId, OnBehalfForm form, CancellationToken ct)
    {
        var dispute = await db.Set<Dispute>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == disputeId, ct);
        if (dispute is null) return (WorkflowResult.NotFound with { Message = "未找到该台账记录。" }, null);
        if (dispute.GridId != actor.GridId) return (WorkflowResult.Forbidden, null);
        if (DisputeLabels.IsFinished(dispute.Status))
            return (WorkflowResult.Invalid($"该纠纷已{DisputeLabels.Label(dispute.Status)}，不能再代为登记。"), null);

        var today = ChinaTime.Today(time);
        var d = new DraftPetition();
        foreach (var (field, _, value) in form.TypedAnswers())
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (FormFields.IsOptional(field))
                {
                    DraftWriter.MarkAnswered(d, field);
                    continue;
                }
                return (WorkflowResult.Invalid($"请填写{FormFields.Label(field)}。"), null);
            }
            var check = writer.Fill(d, field, value, today);
            if (!check.IsValid) return (WorkflowResult.Invalid($"{FormFields.Label(field)}：{check.Error}"), null);
        }
        if (form.PeopleCount is { } people && people is < 1 or > 4)
            return (WorkflowResult.Invalid("人数须为 1 到 4 人；5 人以上的联名信访请由代表本人在对话中登记。"), null);
        // The rest of 第十九条's items as the worker knows them: first petition, no photos (the citizen may add them when confirming).
        writer.Fill(d, FormField.RaisedBefore, "否", today);
        writer.Fill(d, FormField.PeopleCount, (form.PeopleCount ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture), today);
        DraftWriter.MarkAnswered(d, FormField.Photos);

        var now = time.GetUtcNow().UtcDateTime;
        var filing = await db.Set<DisputeFiling>().FirstOrDefaultAsync(x => x.DisputeId == disputeId, ct);
        if (filing?.ConfirmedUtc is not null) return (WorkflowResult.Invalid($"已登记为信访事项 {filing.TrackingNo}。"), null);
        var code = await NewCodeAsync(ct);
        var json = JsonSerializer.Serialize(d, ConversationEngine.Json);
        var expires = now + options.Value.CodeLifetime;
        if (filing is null)
        {
            filing = new DisputeFiling
            {
                DisputeId = disputeId, Code = code, Draft = json, CreatedUtc = now, ExpiresUtc = expires, CreatedBy = actor.UserName,
                WorkerName = actor.DisplayName,
            };
            db.Add(filing);
        }
        else
        {
            filing.Code = code;
            filing.Draft = json;
            filing.CreatedUtc = now;
            filing.ExpiresUtc = expires;
            filing.CreatedBy = actor.UserName;
            filing.WorkerName = actor.DisplayName;
        }
        // Neither the code nor the personal data go into the audit row: the code is a key, the data is the citizen's.
        audit.Add(actor, "代为登记·生成确认码", DisputeLedger.Subject(disputeId), null,
            new { expires = ChinaTime.Format(expires), idNumber = d.IdNumberMasked });
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Dispute {DisputeId}: petition prepared on the citizen's behalf by office user {UserId}", disputeId, actor.UserId);
        return (WorkflowResult.Done("已生成确认码。"), code);
    }

    private async Task<string> NewCodeAsync(CancellationToken ct)
    {
        while (true)
        {
            var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            if (!await db.Set<DisputeFiling>().AnyAsync(f => f.Code == code && f.ConfirmedUtc == null, ct)) return code;
        }
    }

    /// <summary>An open, unexpired filing with this code; null otherwise.</summary>
    public async Task<PreparedFiling?> FindByCodeAsync(string code, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var f = await db.Set<DisputeFiling>().AsNoTracking()
            .FirstOrDefaultAsync(x => x.Code == code && x.ConfirmedUtc == null && x.ExpiresUtc > now, ct);
        if (f is null) return null;
        var draft = JsonSerializer.Deserialize<DraftPetition>(f.Draft, ConversationEngine.Json);
        return draft is null ? null : new PreparedFiling(f.DisputeId, draft, f.WorkerName);
    }

    /// <summary>
    /// False when the worker prepared the form again after the citizen opened it in the chat (the citizen must confirm the
    /// current one, with its new code); true once it is filed, so a repeated confirmation gets the same petition.
    /// </summary>
    public async Task<bool> IsCurrentAsync(long disputeId, DateTime openedUtc, CancellationToken ct)
    {
        var f = await db.Set<DisputeFiling>().AsNoTracking().Where(x => x.DisputeId == disputeId)
            .Select(x => new { x.CreatedUtc, x.ConfirmedUtc }).FirstOrDefaultAsync(ct);
        return f is not null && (f.ConfirmedUtc is not null || f.CreatedUtc <= openedUtc);
    }

    /// <summary>The worker has the citizen's signed paper form: the prepared petition is filed now.</summary>
    public async Task<(WorkflowResult Result, string? TrackingNo)> FileOnPaperAsync(OfficeActor actor, long disputeId, CancellationToken ct)
    {
        var dispute = await db.Set<Dispute>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == disputeId, ct);
        if (dispute is null) return (WorkflowResult.NotFound with { Message = "未找到该台账记录。" }, null);
        if (dispute.GridId != actor.GridId) return (WorkflowResult.Forbidden, null);
        var f = await db.Set<DisputeFiling>().AsNoTracking().FirstOrDefaultAsync(x => x.DisputeId == disputeId, ct);
        if (f is null) return (WorkflowResult.Invalid("请先填写代为登记的信访事项登记表。"), null);
        if (f.TrackingNo is { } done) return (WorkflowResult.Done($"已登记为信访事项 {done}。"), done);
        var draft = JsonSerializer.Deserialize<DraftPetition>(f.Draft, ConversationEngine.Json)!;
        // The chat's repeat check, as the clerk's registration does it: the worker files for the bureau, so a match is
        // linked for the clerk without asking (a code confirmed in the chat is checked there, with the citizen).
        var match = await repeats.FindAsync(draft.IdNumberHash!, draft.Phone!,
            new Matter(draft.ConcernedUnit, draft.Field!, draft.Request!, draft.FactsAndReasons!), ct);
        draft.RepeatOfPetitionId = match?.Earlier.Id;
        var now = time.GetUtcNow().UtcDateTime;
        var result = await intake.SubmitAsync(DraftWriter.ToPetition(draft, SubmissionKey(disputeId), PaperChannel, $"dispute-{disputeId}", null,
            [new NewTranscriptLine(now, "office", $"网格员 {actor.DisplayName} 代为登记；已收到信访人签字的纸质登记表（矛盾纠纷排查台账第 {disputeId} 号）。")]), ct);
        await LinkAsync(disputeId, result.Petition.TrackingNo, FilingConfirmation.Paper, ct, actor);
        return (WorkflowResult.Done($"已登记为信访事项 {result.Petition.TrackingNo}。"), result.Petition.TrackingNo);
    }

    /// <summary>Links the filed petition to the dispute (转信访); harmless when repeated.</summary>
    public async Task LinkAsync(long disputeId, string trackingNo, string how, CancellationToken ct, OfficeActor? actor = null)
    {
        var f = await db.Set<DisputeFiling>().FirstOrDefaultAsync(x => x.DisputeId == disputeId, ct);
        var d = await db.Set<Dispute>().FirstOrDefaultAsync(x => x.Id == disputeId, ct);
        if (f is null || d is null || f.TrackingNo == trackingNo) return;
        var before = DisputeLedger.Snapshot(d);
        var now = time.GetUtcNow().UtcDateTime;
        f.TrackingNo = trackingNo;
        f.ConfirmedUtc = now;
        f.ConfirmedHow = how;
        d.Status = DisputeStatus.ToPetition;
        d.PetitionTrackingNo = trackingNo;
        d.NextFollowUp = null;
        d.UpdatedUtc = now;
        d.Version++;
        audit.Add(actor?.UserName ?? "citizen", "代为登记·转信访", DisputeLedger.Subject(disputeId), before,
            DisputeLedger.Snapshot(d) with { Note = FilingConfirmation.Label(how) });
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Dispute {DisputeId} filed as petition {TrackingNo} ({How})", disputeId, trackingNo, how);
    }

    /// <summary>For 网格员: the petition was filed from a dispute of their grid (the only petitions they may open).</summary>
    public static Task<bool> FiledFromGridAsync(PetitionDbContext db, OfficeActor actor, string trackingNo, CancellationToken ct) =>
        actor.Role == OfficeRole.GridWorker && actor.GridId is { } grid
            ? db.Set<Dispute>().AnyAsync(d => d.GridId == grid && d.PetitionTrackingNo == trackingNo, ct)
            : Task.FromResult(false);

    /// <summary>What the petition page says of where a petition came from, if a grid worker filed it.</summary>
    public async Task<DisputeOrigin?> OriginAsync(string trackingNo, CancellationToken ct)
    {
        var row = await (from d in db.Set<Dispute>().AsNoTracking()
                         join g in db.Set<GridArea>().AsNoTracking() on d.GridId equals g.Id
                         join u in db.Set<Office.Units.HandlingUnit>().AsNoTracking() on g.UnitId equals u.Id
                         join f in db.Set<DisputeFiling>().AsNoTracking() on d.Id equals f.DisputeId
                         where d.PetitionTrackingNo == trackingNo
                         select new { d.Id, Grid = g.Name, Unit = u.Name, d.Kind, d.Risk, d.FoundOn, d.Actions, f.WorkerName, f.ConfirmedHow })
            .FirstOrDefaultAsync(ct);
        return row is null ? null : new DisputeOrigin(row.Id, $"{row.Unit} · {row.Grid}", row.WorkerName, row.Kind, DisputeLabels.Label(row.Risk),
            PetitionClock.Format(row.FoundOn), row.Actions, FilingConfirmation.Label(row.ConfirmedHow));
    }
}

/// <summary>The dispute a petition was filed from, as the clerk sees it.</summary>
public sealed record DisputeOrigin(long DisputeId, string Grid, string Worker, string Kind, string Risk, string FoundOn, string? Actions, string Confirmed);
