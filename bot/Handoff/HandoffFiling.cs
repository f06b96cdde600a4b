using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Conversation.Dialog;
using PetitionBot.Bot.Conversation.Persistence;
using PetitionBot.Bot.Conversation;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Notifications;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Petitions.Clock;
using PetitionBot.Bot.Petitions.Intake;
using PetitionBot.Bot.Petitions.PersonalData;
using PetitionBot.Bot.Petitions.Validation;
using PetitionBot.Bot.Petitions;

namespace PetitionBot.Bot.Handoff;

/// <summary>The petition form of a hand-off, as the office fills it in; pre-filled from the chat.</summary>
public sealed class HandoffPetitionForm
{
    public string? PetitionerName { get; set; }
    public string? IdNumber { get; set; }
    public string? Phone { get; set; }
    public string? Address { get; set; }
    public string? Locality { get; set; }
    public string? ConcernedUnit { get; set; }
    public PetitionCategory Category { get; set; } = PetitionCategory.Grievance;
    public string? Field { get; set; }
    public string? Request { get; set; }
    public string? FactsAndReasons { get; set; }
    public bool LitigationRelated { get; set; }
}

/// <summary>
/// 登记 from a hand-off: the office types what the citizen told them (name, ID number, phone…); the request, facts, field
/// and 涉法涉诉 come pre-filled from the chat. One petition per hand-off (its submission key), linked to it, and the
/// citizen is told the tracking number on their channel.
/// </summary>
public sealed class HandoffFiling(
    PetitionDbContext db,
    PetitionIntake intake,
    PersonalDataProtector protector,
    HandoffInbox inbox,
    IOutbox outbox,
    OutboxSignal signal,
    TimeProvider time,
    ILogger<HandoffFiling> logger)
{
    public async Task<HandoffPetitionForm?> DraftAsync(long id, CancellationToken cancellationToken)
    {
        var handoff = await db.Set<HandoffCase>().AsNoTracking().FirstOrDefaultAsync(h => h.Id == id, cancellationToken);
        if (handoff is null) return null;
        var said = await db.Set<HandoffMessage>().AsNoTracking()
            .Where(m => m.HandoffId == id && m.From == HandoffMessage.FromCitizen).OrderBy(m => m.Id).Select(m => m.Text)
            .ToListAsync(cancellationToken);
        var state = await db.Set<ConversationRecord>().AsNoTracking()
            .Where(r => r.Channel == handoff.Channel && r.UserId == handoff.UserId).Select(r => r.State).FirstOrDefaultAsync(cancellationToken);
        var triage = state is null ? null : JsonSerializer.Deserialize<DialogState>(state, ConversationEngine.Json)?.Triage;
        // The triage keeps the message normalised (half-width); the chat line has it as the citizen typed it.
        var described = triage?.Description;
        if (described is not null)
        {
            var typed = await db.Set<ConversationLine>().AsNoTracking()
                .Where(l => l.Channel == handoff.Channel && l.UserId == handoff.UserId && l.Speaker == "user" && l.AtUtc <= handoff.RequestedUtc)
                .OrderByDescending(l => l.Id).Take(40).Select(l => l.Text).ToListAsync(cancellationToken);
            described = typed.FirstOrDefault(t => ChineseText.ToHalfWidth(t).Trim() == described) ?? described;
        }
        var facts = string.Join("\n", said.Prepend(described ?? "").Where(t => t.Length > 0));
        return new HandoffPetitionForm
        {
            Field = triage?.Field,
            Category = Enum.TryParse<PetitionCategory>(triage?.Category, out var c) ? c : PetitionCategory.Grievance,
            LitigationRelated = triage?.LitigationRelated ?? handoff.Reason == HandoffReason.LitigationRelated,
            Request = described ?? said.FirstOrDefault(),
            FactsAndReasons = facts.Length > 4000 ? facts[..4000] : facts,
        };
    }

    /// <summary>Registers the petition; the error in words for the clerk when a field is missing or wrong.</summary>
    public async Task<(HandoffResult Result, string? TrackingNo)> FileAsync(long id, OfficeActor actor, HandoffPetitionForm form,
        CancellationToken cancellationToken)
    {
        var handoff = await db.Set<HandoffCase>().AsNoTracking().FirstOrDefaultAsync(h => h.Id == id, cancellationToken);
        if (handoff is null) return (new(HandoffStep.NotFound, "没有这个转人工会话。"), null);
        if (handoff.PetitionTrackingNo is { } filed && await intake.FindBySubmissionKeyAsync(SubmissionKey(id), cancellationToken) is not null)
            return (new(HandoffStep.Done, $"已登记信访事项 {filed}。"), filed);

        var today = ChinaTime.Today(time);
        var idCheck = IdNumber.Check(form.IdNumber?.Trim() ?? "", today);
        var phoneCheck = PhoneNumber.Check(form.Phone?.Trim() ?? "");
        string? missing = (form.PetitionerName, form.Address, form.Locality, form.Field, form.Request, form.FactsAndReasons) switch
        {
            var (n, _, _, _, _, _) when string.IsNullOrWhiteSpace(n) => "请填写信访人姓名。",
            var (_, a, _, _, _, _) when string.IsNullOrWhiteSpace(a) => "请填写住址。",
            var (_, _, l, _, _, _) when string.IsNullOrWhiteSpace(l) => "请填写问题发生地。",
            var (_, _, _, f, _, _) when string.IsNullOrWhiteSpace(f) => "请填写所属领域。",
            var (_, _, _, _, r, _) when string.IsNullOrWhiteSpace(r) => "请填写诉求。",
            var (_, _, _, _, _, x) when string.IsNullOrWhiteSpace(x) => "请填写事实和理由。",
            _ => null,
        };
        // Refused rather than cut: what the citizen said is kept whole or not at all.
        var tooLong = new (string? Value, int Max, string Label)[]
        {
            (form.PetitionerName, 50, "信访人姓名"), (form.Address, 200, "住址"), (form.Locality, 100, "问题发生地"),
            (form.ConcernedUnit, 100, "涉及单位"), (form.Field, 40, "所属领域"), (form.Request, 2000, "诉求"), (form.FactsAndReasons, 8000, "事实和理由"),
        }.FirstOrDefault(f => (f.Value?.Trim().Length ?? 0) > f.Max);
        var error = missing ?? (tooLong.Label is { } label ? $"{label}最多 {tooLong.Max} 个字。" : null)
            ?? (idCheck.IsValid ? null : "身份证号：" + idCheck.Error) ?? (phoneCheck.IsValid ? null : "联系电话：" + phoneCheck.Error);
        if (error is not null) return (new(HandoffStep.Invalid, error), null);

        var lines = (await inbox.FindAsync(id, cancellationToken))!.Lines;
        var result = await intake.SubmitAsync(new NewPetition
        {
            SubmissionKey = SubmissionKey(id),
            Channel = handoff.Channel,
            ChannelUserId = handoff.UserId,
            // As typed by the clerk, trimmed only.
            PetitionerName = form.PetitionerName!.Trim(),
            IdNumber = protector.ProtectIdNumber(idCheck.Value!),
            Phone = phoneCheck.Value!,
            Address = form.Address!.Trim(),
            Locality = form.Locality!.Trim(),
            ConcernedUnit = string.IsNullOrWhiteSpace(form.ConcernedUnit) ? null : form.ConcernedUnit!.Trim(),
            Category = form.Category,
            Field = form.Field!.Trim(),
            Request = form.Request!.Trim(),
            FactsAndReasons = form.FactsAndReasons!.Trim(),
            LitigationRelated = form.LitigationRelated,
            Transcript = lines.Select(l => new NewTranscriptLine(l.AtUtc, l.Speaker == "user" || l.Speaker == "bot" ? l.Speaker : "office",
                Masking.MaskText(l.Speaker is "user" or "bot" ? l.Text : $"{l.Speaker}：{l.Text}"))).ToList(),
        }, cancellationToken);
        var trackingNo = result.Petition.TrackingNo;
        // Whoever files it took part in it (a duty lawyer may then open the petition).
        if (handoff.TakenByUserId is null) await inbox.TakeAsync(id, actor, cancellationToken);
        var linked = await inbox.LinkPetitionAsync(id, actor, trackingNo, cancellationToken);
        if (result.Created && handoff.ClosedUtc is null)
        {
            await outbox.EnqueueAsync(handoff.Channel, handoff.UserId, HandoffDesk.OutboxKind,
                $"已为您登记信访事项，编号 {trackingNo}。可以回复“查询 {trackingNo}”查看办理进度。", trackingNo,
                $"handoff-filed:{id}", cancellationToken);
            signal.Notify();
        }
        logger.LogInformation("Hand-off {HandoffId}: petition {TrackingNo} registered by office user {UserId}", id, trackingNo, actor.UserId);
        return (linked, trackingNo);
    }

    private static string SubmissionKey(long id) => $"handoff:{id}";
}
