using PetitionBot.Bot.Conversation.Filing;
using PetitionBot.Bot.Conversation.Rating;
using PetitionBot.Bot.Conversation.Status;
using PetitionBot.Bot.Conversation.Triage;
using PetitionBot.Bot.Petitions;
using Microsoft.Extensions.Options;
using PetitionBot.Knowledge;
using PetitionBot.Bot.Bureau;

namespace PetitionBot.Bot.Conversation.Dialog;

/// <summary>
/// Decides what a message means in the current state and hands it to the right dialog. Commands that work everywhere
/// (cancel, menu, resume) are handled first, then the open step, then free text.
/// </summary>
public sealed class DialogFlow(
    FilingDialog filing,
    OnBehalfDialog onBehalf,
    TriageDialog triage,
    StatusDialog status,
    Visit.VisitDialog visit,
    RatingDialog rating,
    IKnowledgeBase knowledge,
    IOptions<ConversationOptions> options,
    IOptions<BureauOptions> bureau,
    ILogger<DialogFlow> logger)
{
    private static readonly TimeSpan KnowledgePatience = TimeSpan.FromSeconds(10);

    public const string Greeting = "您好，我是信访助手，可以为您解答信访和法律问题、指引维权途径、登记反映的问题。请选择服务，或者直接说出您的问题：";

    public async Task HandleAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var state = turn.State;
        turn.Text = ChineseText.ToHalfWidth(turn.Message.Text ?? "").Trim();
        // In the first seconds after a start the index may still be opening: a question then waits for it rather than
        // getting "答不上来".
        if (!knowledge.IsReady) await knowledge.WhenReadyAsync(KnowledgePatience, cancellationToken);

        var offerResume = ExpireIfIdle(turn);

        if (turn.Message.Event is { } ev && !await HandleEventAsync(turn, ev, cancellationToken)) return;

        if (offerResume && (turn.Text.Length == 0 || Intents.Menu().IsMatch(turn.Text)))
        {
            OfferResume(turn);
            return;
        }

        await RouteAsync(turn, cancellationToken);

        if (offerResume && state.SuspendedForm is not null && state.Form is null) OfferResume(turn);
    }

    private async Task RouteAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var state = turn.State;
        var text = turn.Text;

        if (text.Length == 0 && turn.Message.Attachments is not { Count: > 0 })
        {
            if (state.Form is not null) await filing.HandleAsync(turn, cancellationToken);
            else ShowMenu(turn, Greeting);
            return;
        }

        if (Intents.Cancel().IsMatch(text))
        {
            Cancel(turn);
            return;
        }

        if (Intents.Menu().IsMatch(text))
        {
            if (state.Form is not null)
            {
                state.ParkForm();
                ShowMenu(turn, "您的填写已暂存，回复“继续填写”可以接着填。\n" + Greeting);
                return;
            }
            Reset(state);
            ShowMenu(turn, Greeting);
            return;
        }

        // A 代为登记 code works from anywhere, like the menu; a six-digit answer in a form that matches no code stays an answer.
        if (Intents.OnBehalfCode().Match(text) is { Success: true } code
            && await onBehalf.TryStartAsync(turn, code.Groups[1].Value, cancellationToken))
        {
            return;
        }

        if (state.Form is null && state.SuspendedForm is not null)
        {
            if (Intents.Resume().IsMatch(text))
            {
                state.Form = state.SuspendedForm;
                state.SuspendedForm = null;
                await filing.ResumeAsync(turn, cancellationToken);
                return;
            }
            if (Intents.Restart().IsMatch(text))
            {
                state.SuspendedForm = null;
                await filing.StartAsync(turn, null, cancellationToken);
                return;
            }
        }

        switch (state.Mode)
        {
            case DialogMode.Filing when state.Form is not null:
                await filing.HandleAsync(turn, cancellationToken);
                return;
            case DialogMode.Clarifying:
                if (triage.HandleClarification(turn)) return;
                break; // not an answer: treat as a new message
            case DialogMode.StatusTrackingNo or DialogMode.StatusPhone:
                if (IsOtherCommand(text)) break;
                await status.HandleAsync(turn, cancellationToken);
                return;
            case DialogMode.VisitDay or DialogMode.VisitName or DialogMode.VisitPhone or DialogMode.VisitMatter
                or DialogMode.VisitConfirm or DialogMode.VisitCancelNo or DialogMode.VisitCancelPhone:
                // A name or a one-line matter may look like anything: only the menu, 取消 and 取消预约 leave those steps.
                if ((state.Mode is DialogMode.VisitDay or DialogMode.VisitCancelNo or DialogMode.VisitCancelPhone && IsOtherCommand(text))
                    || Intents.CancelVisit().IsMatch(text)) break;
                await visit.HandleAsync(turn, cancellationToken);
                return;
            case DialogMode.RatingChoosePetition or DialogMode.RatingTrackingNo or DialogMode.RatingPhone
                or DialogMode.RatingValue or DialogMode.RatingReason:
                if (IsOtherCommand(text) && state.Mode != DialogMode.RatingReason) break;
                await rating.HandleAsync(turn, cancellationToken);
                return;
        }

        await HandleIdleAsync(turn, cancellationToken);
    }

    private async Task HandleIdleAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var state = turn.State;
        var text = turn.Text;
        var expecting = state.Mode;
        state.Mode = DialogMode.Idle;

        if (turn.Message.Attachments is { Count: > 0 } && text.Length == 0)
        {
            turn.Say("收到您的图片。如果要反映问题，请回复“我要反映问题”，照片可以在填写时一起提交。", Intents.MenuChoices);
            return;
        }

        if (Intents.MenuIndex(text) is { } menu)
        {
            switch (menu)
            {
                case 0:
                    state.Mode = DialogMode.Consult;
                    turn.Say("请直接输入您想了解的问题，例如“信访事项多长时间办结”“不服处理意见怎么办”。", ["返回菜单"]);
                    return;
                case 1:
                    state.Mode = DialogMode.AwaitingDispute;
                    turn.Say("请简单说说遇到了什么事，对方是谁，例如“公司拖欠我三个月工资”。我会告诉您可以走哪些法定途径。", ["返回菜单"]);
                    return;
                case 2:
                    await filing.StartAsync(turn, null, cancellationToken);
                    return;
                case 3:
                    await status.StartAsync(turn, cancellationToken);
                    return;
                case 4:
                    await rating.StartAsync(turn, cancellationToken);
                    return;
            }
        }

        if (Visit.VisitDialog.TryRepeatConfirmation(turn)) return;
        if (Intents.Confirm().IsMatch(text) && state.LastSubmission is { } last && turn.NowUtc - last.AtUtc < TimeSpan.FromDays(1))
        {
            turn.Say($"您的信访事项已经提交过了，编号 {last.TrackingNo}，不需要重复提交。查询进度请发送“查询 {last.TrackingNo}”。",
                ["查询办理进度", "返回菜单"]);
            return;
        }
        if (Intents.CancelVisit().IsMatch(text))
        {
            await visit.StartCancelAsync(turn, cancellationToken);
            return;
        }
        if (Intents.Visit().IsMatch(text))
        {
            await visit.StartAsync(turn, cancellationToken);
            return;
        }
        if (Intents.Rate().IsMatch(text))
        {
            await rating.StartAsync(turn, cancellationToken);
            return;
        }
        if (Intents.Status().IsMatch(text))
        {
            await status.StartAsync(turn, cancellationToken);
            return;
        }
        if (Intents.File().IsMatch(text))
        {
            await filing.StartAsync(turn, text, cancellationToken);
            return;
        }

        if (OtherLanguage.Reply(text, bureau.Value) is { } notChinese)
        {
            turn.Say(notChinese, Intents.MenuChoices);
            return;
        }
        await triage.AnswerAsync(turn, text, expectDispute: expecting == DialogMode.AwaitingDispute, cancellationToken);
    }

    /// <summary>Menu events and QR scenes; false when the event needs no further handling.</summary>
    private async Task<bool> HandleEventAsync(DialogTurn turn, ChannelEvent ev, CancellationToken cancellationToken)
    {
        var state = turn.State;
        switch (ev.Kind)
        {
            case ChannelEventKinds.Subscribe or ChannelEventKinds.Welcome or ChannelEventKinds.Scan:
                if (!string.IsNullOrWhiteSpace(ev.Key)) state.SourceUnitCode = ev.Key.Length > 60 ? ev.Key[..60] : ev.Key;
                if (state.Form is not null && ev.Kind == ChannelEventKinds.Scan)
                {
                    await filing.ResumeAsync(turn, cancellationToken);
                    return false;
                }
                ShowMenu(turn, Greeting);
                return false;
            case ChannelEventKinds.Unsubscribe:
                Reset(state);
                state.Form = null;
                state.SuspendedForm = null;
                turn.ForgetTranscript = true;
                return false;
            case ChannelEventKinds.Menu:
                // A key outside the contract (a menu an operator wrote by hand) is read as if typed.
                turn.Text = MenuIntents.IndexOf(ev.Key) is { } index
                    ? Intents.MenuChoices[index]
                    : string.Equals(ev.Key?.Trim(), MenuIntents.Visit, StringComparison.OrdinalIgnoreCase) ? "领导接访日"
                    : ChineseText.ToHalfWidth(ev.Key ?? "").Trim();
                if (Intents.MenuIndex(turn.Text) is not null and not 2 || Intents.Visit().IsMatch(turn.Text)) state.ParkForm();
                return true;
            case ChannelEventKinds.Location:
                if (turn.Text.Length == 0) turn.Text = ChineseText.ToHalfWidth(ev.Key ?? "").Trim();
                return true;
            default:
                logger.LogDebug("Ignoring channel event {Kind}", ev.Kind);
                return turn.Text.Length > 0;
        }
    }

    /// <summary>After 24 h without a message an unfinished form is parked; true when the citizen should be asked about it.</summary>
    private bool ExpireIfIdle(DialogTurn turn)
    {
        var state = turn.State;
        if (turn.LastActivityUtc is not { } last || turn.NowUtc - last < options.Value.IdleExpiry) return false;
        logger.LogInformation("Conversation idle since {LastActivityUtc}; resetting open steps", last);
        state.ParkForm();
        Reset(state);
        state.Triage = null;
        return state.SuspendedForm is not null;
    }

    private static void OfferResume(DialogTurn turn)
    {
        var form = turn.State.SuspendedForm!;
        turn.Say($"您上次的填写还没有完成（已填到“{FilingDialog.ProgressLabel(form)}”）。继续上次的填写吗？", ["继续填写", "重新开始", "不用了"]);
    }

    private void Cancel(DialogTurn turn)
    {
        var state = turn.State;
        if (state.Form is not null || (state.SuspendedForm is not null && state.Mode == DialogMode.Idle))
        {
            logger.LogInformation("Filing cancelled (form {FormId})", (state.Form ?? state.SuspendedForm)!.FormId);
            state.Form = null;
            state.SuspendedForm = null;
            Reset(state);
            turn.Say("已取消本次填写，填写的内容没有提交。需要时可以随时重新开始。", Intents.MenuChoices);
            return;
        }
        Reset(state);
        turn.Say("好的，已取消。还有什么可以帮您？", Intents.MenuChoices);
    }

    private static void Reset(DialogState state)
    {
        state.Mode = DialogMode.Idle;
        state.Lookup = null;
        state.Rating = null;
        state.Visit = null;
        if (state.Triage is not null) state.Triage.PendingQuestion = null;
    }

    private static void ShowMenu(DialogTurn turn, string text) =>
        turn.Say(text + "\n" + string.Join("\n", Intents.MenuChoices.Select((c, i) => $"{i + 1}. {c}")), Intents.MenuChoices);

    private static bool IsOtherCommand(string text) =>
        Intents.Menu().IsMatch(text) || Intents.File().IsMatch(text) || (Intents.MenuIndex(text) is { } i && text.Length > 1 && i >= 0);
}
