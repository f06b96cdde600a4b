using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Conversation.Dialog;
using PetitionBot.Bot.Conversation.Persistence;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Notifications;
using PetitionBot.Bot.Office.Audit;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Petitions.PersonalData;

namespace PetitionBot.Bot.Handoff;

/// <summary>A waiting or taken hand-off as the inbox lists it (the JSON of GET /api/office/handoffs).</summary>
public sealed record HandoffSummary(long Id, string Channel, DateTime WaitingSince, string? LastText, string? Petition);

/// <summary>
/// One line of a hand-off's chat as the office reads it (personal data of the citizen masked); for office replies, whether
/// the citizen's channel took it (已送达, 待发送, or 未送达 with the reason, e.g. WeChat's 48-hour window).
/// </summary>
public sealed record HandoffLine(DateTime AtUtc, string Speaker, string Text, string? Delivery = null);

public sealed record HandoffView(HandoffCase Case, IReadOnlyList<HandoffLine> Lines);

public enum HandoffStep { Done, NotFound, Closed, TakenByOther, Invalid }

public sealed record HandoffResult(HandoffStep Step, string Message, long? MessageId = null)
{
    public bool Ok => Step == HandoffStep.Done;
}

/// <summary>
/// The office's side of 转人工: the inbox, taking a hand-off, replying (queued in the outbox in the same transaction, so a
/// reply reaches the citizen exactly once), handing back to the bot. Every step is audited.
/// </summary>
public sealed class HandoffInbox(
    PetitionDbContext db,
    IOutbox outbox,
    OutboxSignal signal,
    AuditLog audit,
    TimeProvider time,
    ILogger<HandoffInbox> logger)
{
    public const int MaxReplyLength = 1000;
    /// <summary>Chat lines before the hand-off shown to the office: enough to see what the bot already said.</summary>
    private const int EarlierLines = 30;

    /// <summary>Open hand-offs, oldest first.</summary>
    public async Task<IReadOnlyList<HandoffSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var open = await db.Set<HandoffCase>().AsNoTracking().Where(h => h.ClosedUtc == null)
            .OrderBy(h => h.RequestedUtc).ThenBy(h => h.Id).Take(500).ToListAsync(cancellationToken);
        return open.Select(h => new HandoffSummary(h.Id, h.Channel, DateTime.SpecifyKind(h.RequestedUtc, DateTimeKind.Utc),
            Masking.MaskText(h.LastText), h.PetitionTrackingNo)).ToList();
    }

    public async Task<HandoffView?> FindAsync(long id, CancellationToken cancellationToken)
    {
        var handoff = await db.Set<HandoffCase>().AsNoTracking().FirstOrDefaultAsync(h => h.Id == id, cancellationToken);
        if (handoff is null) return null;
        var before = await db.Set<ConversationLine>().AsNoTracking()
            .Where(l => l.Channel == handoff.Channel && l.UserId == handoff.UserId && l.AtUtc < handoff.RequestedUtc)
            .OrderByDescending(l => l.Id).Take(EarlierLines)
            .Select(l => new HandoffLine(l.AtUtc, l.Speaker, l.Text)).ToListAsync(cancellationToken);
        before.Reverse();
        var messages = await db.Set<HandoffMessage>().AsNoTracking().Where(m => m.HandoffId == id).OrderBy(m => m.Id)
            .ToListAsync(cancellationToken);
        var keys = messages.Where(m => m.From == HandoffMessage.FromOffice).Select(m => ReplyKey(m.Id)).ToList();
        var sent = await db.Outbox.AsNoTracking().Where(o => keys.Contains(o.DedupKey))
            .ToDictionaryAsync(o => o.DedupKey, cancellationToken);
        var during = messages.Select(m => m.From == HandoffMessage.FromCitizen
            ? new HandoffLine(m.AtUtc, "user", m.Text)
            : new HandoffLine(m.AtUtc, m.SenderName ?? "office", m.Text, sent.GetValueOrDefault(ReplyKey(m.Id)) switch
            {
                null => null, // its outbox row is gone (housekeeping): nothing to say
                { DeliveredUtc: not null } => "已送达",
                { AbandonedUtc: not null } o => "未送达：" + o.LastError,
                _ => "待发送",
            })).ToList();
        // Stored masked already; masked again so that no older row shows an ID number or phone in clear.
        var lines = before.Concat(during).Select(l => l with { Text = Masking.MaskText(l.Text) }).ToList();
        return new HandoffView(handoff, lines);
    }

    public async Task<HandoffResult> TakeAsync(long id, OfficeActor actor, CancellationToken cancellationToken)
    {
        var handoff = await db.Set<HandoffCase>().FirstOrDefaultAsync(h => h.Id == id, cancellationToken);
        if (handoff is null) return new(HandoffStep.NotFound, "没有这个转人工会话。");
        if (handoff.ClosedUtc is not null) return new(HandoffStep.Closed, "该会话已结束。");
        if (handoff.TakenByUserId == actor.UserId) return new(HandoffStep.Done, "您已接手该会话。");
        if (handoff.TakenByUserId is not null && !actor.Has(OfficeRole.Supervisor))
            return new(HandoffStep.TakenByOther, $"该会话已由{handoff.TakenByName}接手。");
        var before = handoff.TakenByName;
        Take(handoff, actor);
        audit.Add(actor, "handoff.take", HandoffDesk.Subject(handoff), before is null ? null : new { TakenBy = before },
            new { TakenBy = handoff.TakenByName });
        return await SaveAsync(handoff, "已接手，可以直接回复。", cancellationToken);
    }

    /// <summary>Records the reply and queues it for the citizen's channel in one transaction.</summary>
    public async Task<HandoffResult> ReplyAsync(long id, OfficeActor actor, string? text, CancellationToken cancellationToken)
    {
        var body = (text ?? "").Trim();
        if (body.Length == 0) return new(HandoffStep.Invalid, "请填写回复内容。");
        if (body.Length > MaxReplyLength) return new(HandoffStep.Invalid, $"回复最多 {MaxReplyLength} 个字，请分几次发送。");

        var handoff = await db.Set<HandoffCase>().FirstOrDefaultAsync(h => h.Id == id, cancellationToken);
        if (handoff is null) return new(HandoffStep.NotFound, "没有这个转人工会话。");
        if (handoff.ClosedUtc is not null) return new(HandoffStep.Closed, "该会话已结束，回复无法送达。");
        if (handoff.TakenByUserId is { } taker && taker != actor.UserId && !actor.Has(OfficeRole.Supervisor))
            return new(HandoffStep.TakenByOther, $"该会话已由{handoff.TakenByName}接手。");

        var now = time.GetUtcNow().UtcDateTime;
        var sender = SenderName(actor);
        if (handoff.TakenByUserId is null) Take(handoff, actor);
        handoff.FirstReplyUtc ??= now;
        handoff.Version++;
        var message = new HandoffMessage
        {
            HandoffId = handoff.Id, AtUtc = now, From = HandoffMessage.FromOffice, SenderName = sender, SenderUserId = actor.UserId,
            Text = body,
        };
        db.Add(message);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await outbox.EnqueueAsync(handoff.Channel, handoff.UserId, HandoffDesk.OutboxKind, HandoffReplyText.Compose(sender, body),
                handoff.PetitionTrackingNo, ReplyKey(message.Id), cancellationToken);
            audit.Add(actor, "handoff.reply", HandoffDesk.Subject(handoff), null, new { Sender = sender, Length = body.Length });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new(HandoffStep.Closed, "该会话刚刚被结束或由他人处理，请刷新后再试。");
        }
        signal.Notify();
        logger.LogInformation("Hand-off {HandoffId}: reply {MessageId} from office user {UserId} queued for {Channel}",
            handoff.Id, message.Id, actor.UserId, handoff.Channel);
        return new(HandoffStep.Done, "回复已发出。", message.Id);
    }

    /// <summary>Hands the conversation back to the bot and tells the citizen so.</summary>
    public async Task<HandoffResult> CloseAsync(long id, OfficeActor actor, CancellationToken cancellationToken)
    {
        var handoff = await db.Set<HandoffCase>().FirstOrDefaultAsync(h => h.Id == id, cancellationToken);
        if (handoff is null) return new(HandoffStep.NotFound, "没有这个转人工会话。");
        if (handoff.ClosedUtc is not null) return new(HandoffStep.Closed, "该会话已结束。");
        handoff.ClosedUtc = time.GetUtcNow().UtcDateTime;
        handoff.ClosedBy = actor.UserName;
        handoff.Version++;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await outbox.EnqueueAsync(handoff.Channel, handoff.UserId, HandoffDesk.OutboxKind,
                "人工服务已结束，信访助手继续为您服务。请直接说出您的问题，或回复“菜单”选择服务。", handoff.PetitionTrackingNo,
                $"handoff-closed:{handoff.Id}", cancellationToken);
            audit.Add(actor, "handoff.close", HandoffDesk.Subject(handoff), null, new { ClosedBy = actor.UserName });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new(HandoffStep.Closed, "该会话刚刚已结束。");
        }
        signal.Notify();
        logger.LogInformation("Hand-off {HandoffId} handed back to the bot by office user {UserId}", handoff.Id, actor.UserId);
        return new(HandoffStep.Done, "已交还机器人。");
    }

    /// <summary>Links a petition filed from the hand-off, so the duty lawyer who took part may open it.</summary>
    public async Task<HandoffResult> LinkPetitionAsync(long id, OfficeActor actor, string trackingNo, CancellationToken cancellationToken)
    {
        var handoff = await db.Set<HandoffCase>().FirstOrDefaultAsync(h => h.Id == id, cancellationToken);
        if (handoff is null) return new(HandoffStep.NotFound, "没有这个转人工会话。");
        handoff.PetitionTrackingNo = trackingNo;
        handoff.Version++;
        audit.Add(actor, "handoff.petition", HandoffDesk.Subject(handoff), null, new { Petition = trackingNo });
        return await SaveAsync(handoff, $"已登记信访事项 {trackingNo}。", cancellationToken);
    }

    /// <summary>True when <paramref name="actor"/> took or answered a hand-off linked to the petition (值班律师 may open it).</summary>
    public static Task<bool> TookPartAsync(PetitionDbContext db, OfficeActor actor, string trackingNo, CancellationToken cancellationToken) =>
        db.Set<HandoffCase>().AsNoTracking().AnyAsync(h => h.PetitionTrackingNo == trackingNo
            && (h.TakenByUserId == actor.UserId
                || db.Set<HandoffMessage>().Any(m => m.HandoffId == h.Id && m.SenderUserId == actor.UserId)), cancellationToken);

    private static string ReplyKey(long messageId) => $"handoff-reply:{messageId}";

    /// <summary>As the citizen sees the sender: 「值班律师 张律师」, 「工作人员 李四」.</summary>
    public static string SenderName(OfficeActor actor) =>
        (actor.Role == OfficeRole.DutyLawyer ? "值班律师 " : "工作人员 ") + actor.DisplayName.Replace('：', ' ').Replace(':', ' ').Trim();

    private void Take(HandoffCase handoff, OfficeActor actor)
    {
        handoff.TakenByUserId = actor.UserId;
        handoff.TakenByName = SenderName(actor);
        handoff.TakenUtc = time.GetUtcNow().UtcDateTime;
        handoff.Version++;
    }

    private async Task<HandoffResult> SaveAsync(HandoffCase handoff, string message, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new(HandoffStep.Done, message);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new(HandoffStep.TakenByOther, "该会话刚刚由他人处理，请刷新后再试。");
        }
    }
}

/// <summary>
/// An office reply as the citizen reads it: the sender's name, a colon, the text. Channels that can show a sender (Direct
/// Line's from.name) read the name back from it.
/// </summary>
public static class HandoffReplyText
{
    public static string Compose(string sender, string text) => $"{sender}：{text}";

    /// <summary>The sender of a composed reply; null for texts without one (the closing notice).</summary>
    public static string? SenderOf(string text)
    {
        var colon = text.IndexOf('：');
        return colon is > 0 and <= 120 && (text.StartsWith("值班律师 ") || text.StartsWith("工作人员 ")) ? text[..colon] : null;
    }
}
