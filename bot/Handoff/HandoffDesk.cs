using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Conversation;
using PetitionBot.Bot.Conversation.Dialog;
using PetitionBot.Bot.Conversation.Triage;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Audit;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.PersonalData;

namespace PetitionBot.Bot.Handoff;

/// <summary>
/// The citizen's side of 转人工, run by the conversation engine before the dialog: starts a hand-off when asked, passes
/// the citizen's messages to the office while one is open (the bot stays silent), ends it on 「取消」/「回到机器人」, and
/// after the dialog offers one when the bot could not help twice in a row or the matter is 涉法涉诉.
/// </summary>
public sealed partial class HandoffDesk(
    PetitionDbContext db, HandoffHours hours, AuditLog audit, Telemetry.BotTelemetry telemetry, ILogger<HandoffDesk> logger)
{
    /// <summary>The key of the menu entry (WeChat custom menu, Web Chat button) that asks for a person.</summary>
    public const string MenuKey = MenuIntents.Handoff;
    public const string AskChoice = "转人工";
    public const string EndChoice = "回到机器人";
    /// <summary>The outbox kind of an office reply (and of the closing notice).</summary>
    public const string OutboxKind = "handoff";
    /// <summary>The actor written to the audit log for steps the citizen took.</summary>
    public const string CitizenActor = "citizen";

    [GeneratedRegex(@"^(我要)?(转人工|转接人工|人工|人工服务|人工客服|找人工|找律师|我要找律师|值班律师|找真人|真人客服|联系工作人员|找工作人员)[。！!？?]?$")]
    private static partial Regex Ask();

    [GeneratedRegex(@"^(取消|回到机器人|返回机器人|结束人工|结束人工服务|退出人工|不用人工了)[。！!]?$")]
    private static partial Regex End();

    /// <summary>True when the turn belonged to the hand-off (the dialog must not run).</summary>
    public async Task<bool> TakeTurnAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var message = turn.Message;
        var text = ChineseText.ToHalfWidth(message.Text ?? "").Trim();
        var open = await db.Set<HandoffCase>()
            .FirstOrDefaultAsync(h => h.Channel == message.Channel && h.UserId == message.UserId && h.ClosedUtc == null, cancellationToken);

        if (open is not null)
        {
            if (End().IsMatch(text) || message.Event?.Kind == "unsubscribe")
            {
                await EndAsync(turn, open, cancellationToken);
                return message.Event?.Kind != "unsubscribe"; // leaving the account still forgets the chat
            }
            await PassOnAsync(turn, open, text, cancellationToken);
            return true;
        }

        var asked = Ask().IsMatch(text)
                    || (message.Event is { Kind: "menu" } menu && string.Equals(menu.Key, MenuKey, StringComparison.OrdinalIgnoreCase));
        if (!asked) return false;
        await StartAsync(turn, cancellationToken);
        return true;
    }

    /// <summary>After the dialog answered: counts answers that did not help and offers a person when it is time.</summary>
    public void OfferIfStuck(DialogTurn turn)
    {
        var state = turn.State;
        if (turn.CouldNotHelp) state.NotHelpedInARow++;
        else if (turn.Replies.Count > 0) state.NotHelpedInARow = 0;

        if (state.NotHelpedInARow >= 2)
        {
            state.NotHelpedInARow = 0;
            state.HandoffOffered = HandoffReason.NotHelped;
            turn.Say("看来我没能帮上您。需要的话，可以转接人工，由值班律师或工作人员为您解答。", [AskChoice, "返回菜单"]);
        }
        else if (turn.Replies.Any(r => r.Text == TriageDialog.LitigationExplanation))
        {
            state.HandoffOffered = HandoffReason.LitigationRelated;
            turn.Say("涉法涉诉的事项，也可以转接人工，请值班律师为您解答。", [AskChoice]);
        }
    }

    private async Task StartAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var message = turn.Message;
        var duty = hours.At(turn.NowUtc);
        var handoff = new HandoffCase
        {
            Channel = message.Channel,
            UserId = message.UserId,
            Reason = turn.State.HandoffOffered ?? HandoffReason.Asked,
            Answerer = duty.Answerer,
            OutsideHours = !duty.Open,
            RequestedUtc = turn.NowUtc,
            PetitionTrackingNo = turn.State.LastSubmission?.TrackingNo,
        };
        db.Add(handoff);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance opened it a moment ago (the unique index on open hand-offs): it stands.
            db.Entry(handoff).State = EntityState.Detached;
            logger.LogInformation("Hand-off on {Channel} was opened concurrently; keeping the other one", message.Channel);
        }
        if (handoff.Id != 0)
        {
            audit.Add(CitizenActor, "handoff.request", Subject(handoff), null,
                new { handoff.Channel, handoff.Reason, Answerer = HandoffHours.Label(handoff.Answerer), handoff.OutsideHours });
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Hand-off {HandoffId} requested on {Channel} ({Reason}, outside hours {OutsideHours})",
                handoff.Id, handoff.Channel, handoff.Reason, handoff.OutsideHours);
            telemetry.HandoffRequested(handoff.Channel, handoff.Reason.ToString(), handoff.OutsideHours);
        }
        turn.State.HandoffOffered = null;
        turn.State.NotHelpedInARow = 0;
        turn.Say(hours.Announce(duty), [EndChoice]);
    }

    private async Task PassOnAsync(DialogTurn turn, HandoffCase open, string text, CancellationToken cancellationToken)
    {
        var message = turn.Message;
        var parts = new List<string>();
        if (turn.AsTyped.Length > 0) parts.Add(Masking.MaskText(turn.AsTyped));
        if (message.Attachments is { Count: > 0 } a) parts.Add($"[{a.Count}张图片]");
        if (parts.Count == 0) return; // events (welcome, menu clicks) say nothing to the office
        var said = string.Join(" ", parts);
        if (said.Length > 2000) said = said[..2000];

        db.Add(new HandoffMessage
        {
            HandoffId = open.Id, AtUtc = turn.NowUtc, From = HandoffMessage.FromCitizen, Text = said, DeliveryId = message.DeliveryId,
        });
        open.LastText = said.Length > 500 ? said[..500] : said;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same delivery again (a channel retry racing the first): already with the office.
            db.ChangeTracker.Clear();
        }
        logger.LogDebug("Hand-off {HandoffId}: citizen message passed to the office", open.Id);
    }

    private async Task EndAsync(DialogTurn turn, HandoffCase open, CancellationToken cancellationToken)
    {
        open.ClosedUtc = turn.NowUtc;
        open.ClosedBy = CitizenActor;
        open.Version++;
        audit.Add(CitizenActor, "handoff.close", Subject(open), null, new { ClosedBy = CitizenActor });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Hand-off {HandoffId} ended by the citizen", open.Id);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear(); // the office closed it at the same moment: closed either way
        }
        if (turn.Message.Event is null)
            turn.Say("已结束人工服务，回到信访助手。请选择服务，或者直接说出您的问题：", Intents.MenuChoices);
    }

    public static string Subject(HandoffCase handoff) => $"handoff:{handoff.Id}";
}
