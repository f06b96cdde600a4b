using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Conversation.Dialog;
using PetitionBot.Bot.Conversation.Persistence;
using PetitionBot.Bot.Conversation.Triage;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Intake;
using PetitionBot.Bot.Petitions.PersonalData;
using PetitionBot.Bot.Petitions.Status;
using PetitionBot.Bot.Petitions.Clock;

namespace PetitionBot.Bot.Conversation.Filing;

/// <summary>
/// Guided filing of a complete written petition (信访工作条例 第十九条): pre-fill (by patterns, and with a model configured from a
/// whole story, reviewed by the citizen first), one question at a time, a specific message for each invalid answer,
/// corrections, back, skip, questions in between, repeat awareness, confirmation and submission.
/// </summary>
public sealed partial class FilingDialog(
    DraftWriter writer,
    Grid.DisputeFilings onBehalf,
    PetitionIntake intake,
    RepeatDetector repeats,
    TriageDialog triage,
    StoryReader stories,
    ConversationStore conversations,
    IOptions<ConversationOptions> conversationOptions,
    TimeProvider time,
    ILogger<FilingDialog> logger)
{
    public static readonly string[] ConfirmChoices = ["确认提交", "修改", "取消"];
    public static readonly string[] ReviewChoices = ["没问题", "修改"];
    private static readonly TimeSpan TriageCarriesOver = TimeSpan.FromHours(2);

    [GeneratedRegex(@"^(好了|好|完成|发完了|没有了?|没了|跳过|无|不用了|结束|没有照片|好的)[。！!]?$")]
    private static partial Regex PhotosFinished();

    [GeneratedRegex(@"([？?]|吗|呢|多久|多长时间|几天|怎么办|咋办|是什么|有哪些|在哪里?)[。！!～~]?\s*$")]
    private static partial Regex ClearQuestionEnd();

    [GeneratedRegex(@"^(另一件事|另一件事，继续提交|继续提交|继续|这是另一件事|不是同一件事|是另一件事)")]
    private static partial Regex AnotherMatter();

    [GeneratedRegex(@"^(补充新的事实和理由|补充|有新的事实|有新的理由|我有新的事实和理由)")]
    private static partial Regex NewFacts();

    /// <summary>Starts a form, pre-filled from the description and from a recent route triage.</summary>
    public async Task StartAsync(DialogTurn turn, string? description, CancellationToken cancellationToken)
    {
        var state = turn.State;
        var form = new FormState { StartedUtc = turn.NowUtc };
        var d = form.Draft;
        var today = ChinaTime.Today(time);

        var recent = state.Triage is { } t && turn.NowUtc - t.AtUtc < TriageCarriesOver ? t : null;
        // The model's reading goes first: where it and the patterns both find a value, its reading is the better one.
        // The model reads the story as typed (full-width punctuation kept): its 事实和理由 should be the citizen's own words.
        var story = !string.IsNullOrWhiteSpace(description) && stories.IsStory(turn.AsTyped) ? turn.AsTyped
            : recent is not null && stories.IsStory(recent.Description) ? recent.Description : null;
        var fromStory = story is not null && await ReadStoryAsync(form, story, cancellationToken);
        if (recent is not null) Prefill(d, recent.Description, today);
        if (!string.IsNullOrWhiteSpace(description)) Prefill(d, description, today);

        TriageResult? hint = null;
        if (!string.IsNullOrWhiteSpace(description) && triage.Classify(description) is { Routes.Count: > 0 } r)
        {
            hint = r;
            ApplyTriage(d, r.Routes, r.LitigationRelated, r.Field, r.Category);
        }
        else if (recent is { Routes.Count: > 0 })
        {
            ApplyTriage(d, recent.Routes, recent.LitigationRelated, recent.Field, recent.Category);
        }

        state.Form = form;
        state.SuspendedForm = null;
        state.Mode = DialogMode.Filing;
        if (state.Triage is not null) state.Triage.PendingQuestion = null;
        logger.LogInformation("Filing started (form {FormId}, {Prefilled} field(s) pre-filled)", form.FormId, d.Prefilled.Count);

        if (hint is not null && recent is null)
        {
            turn.Say(hint.LitigationRelated
                    ? "提示：根据您的描述，这件事应当通过下面的法定途径解决；您仍然可以登记，我们会标注为“涉法涉诉”，转交政法机关依法处理。"
                    : "提示：根据您的描述，这类问题依法也可以通过下面的途径解决（《信访工作条例》第三十一条）；您仍然可以继续登记。",
                cards: triage.Cards(hint.Routes));
            if (hint.LitigationRelated && JudgmentClock.Describe(description!, today) is { } timeLeft) turn.Say(timeLeft);
        }
        turn.Say("好的，我们开始登记。按照《信访工作条例》第十九条，需要写明您的姓名、住址和请求、事实、理由。\n" +
                 "随时可以回复“取消”退出、“返回”回到上一步，或者说“电话写错了”这样来修改。");
        if (fromStory)
        {
            form.Reviewing = true;
            ShowReview(turn, "");
            return;
        }
        if (d.Prefilled.Count > 0)
        {
            turn.Say("已根据您的描述预先填好：" + string.Join("、", d.Prefilled.Select(FormFields.Label)) + "。提交前可以核对修改。");
        }
        await AskNextAsync(turn, "", cancellationToken);
    }

    public async Task HandleAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var form = turn.State.Form!;
        var d = form.Draft;
        var text = turn.Text;

        if (turn.Message.Attachments is { Count: > 0 } attachments)
        {
            d.Photos.AddRange(attachments.Select(a => new DraftPhoto(a.Url, a.MediaId)));
            if (form.Current == FormField.Photos && !form.Confirming && text.Length == 0)
            {
                turn.Say($"已收到{attachments.Count}张，共{d.Photos.Count}张照片。可以继续发送，发完了请回复“好了”。", FormFields.PhotosDone);
                return;
            }
            turn.Say($"已收到{attachments.Count}张照片，会和材料一起提交。");
            if (text.Length == 0)
            {
                await RepeatCurrentAsync(turn, cancellationToken);
                return;
            }
        }
        if (text.Length == 0)
        {
            await RepeatCurrentAsync(turn, cancellationToken);
            return;
        }

        if (form.Repeat is not null)
        {
            await HandleRepeatDecisionAsync(turn, cancellationToken);
            return;
        }
        if (form.ChoosingCorrection)
        {
            ChooseCorrection(turn);
            return;
        }
        if (Intents.Back().IsMatch(text))
        {
            await GoBackAsync(turn, cancellationToken);
            return;
        }
        // In the free-text items a long answer may well mention "单位" or "修改"; only a short message is a correction.
        var freeText = form.Correcting is null && !form.Confirming && form.Current is FormField.Request or FormField.FactsAndReasons;
        if ((!freeText || text.Length <= 15) && FormFields.FindCorrection(text) is { } correction)
        {
            await StartCorrectionAsync(turn, correction.Field, correction.NewValue, cancellationToken);
            return;
        }
        if (form.Reviewing && form.Correcting is null)
        {
            await HandleReviewAsync(turn, cancellationToken);
            return;
        }
        if (form.Confirming && form.Correcting is null)
        {
            await HandleConfirmStepAsync(turn, cancellationToken);
            return;
        }

        var field = form.Correcting ?? form.Current ?? FormFields.Next(d);
        if (field is not { } f)
        {
            await ReadyToConfirmAsync(turn, "", cancellationToken);
            return;
        }

        if (f == FormField.Photos && PhotosFinished().IsMatch(text))
        {
            DraftWriter.MarkAnswered(d, f);
            await AfterAnswerAsync(turn, f, cancellationToken);
            return;
        }
        if (FormFields.IsOptional(f) && Intents.Skip().IsMatch(text))
        {
            ClearValue(d, f);
            DraftWriter.MarkAnswered(d, f);
            await AfterAnswerAsync(turn, f, cancellationToken);
            return;
        }
        if (IsAside(f, text))
        {
            if (!await triage.AnswerAsideAsync(turn, text, cancellationToken))
                turn.Say("这个问题我暂时答不上来，填写完成后可以在“法规咨询”里再问。");
            turn.Say("我们继续：" + FormFields.Prompt(f), FormFields.Choices(f));
            return;
        }
        if (f == FormField.Photos)
        {
            turn.Say("请直接发送照片；发完了或者没有照片，请回复“好了”。", FormFields.PhotosDone);
            return;
        }

        // The first answer about the matter may be the whole story: the model proposes the other items from it.
        if (f == FormField.Request && form.Correcting is null && stories.IsStory(turn.AsTyped) && await ReadStoryAsync(form, turn.AsTyped, cancellationToken))
        {
            form.Reviewing = true;
            form.Current = null;
            ShowReview(turn, "");
            return;
        }
        // Check normalises for validating by itself; given the message as typed, it stores free text as typed.
        var check = FormFields.Check(f, turn.AsTyped.Length > 0 ? turn.AsTyped : text, ChinaTime.Today(time));
        if (!check.IsValid)
        {
            logger.LogInformation("Form {FormId}: invalid answer for {Field}", form.FormId, f);
            turn.Say(!FormFields.IsOptional(f) && Intents.Skip().IsMatch(text)
                ? $"“{FormFields.Label(f)}”是必填项，请填写。{FormFields.Prompt(f)}"
                : check.Error!, FormFields.Choices(f));
            return;
        }
        writer.Apply(d, f, check.Value!);
        DraftWriter.MarkAnswered(d, f);
        if (check.Note is { } note) turn.Say(note);
        await AfterAnswerAsync(turn, f, cancellationToken);
    }

    private async Task AfterAnswerAsync(DialogTurn turn, FormField answered, CancellationToken cancellationToken)
    {
        var form = turn.State.Form!;
        if (form.Correcting == answered)
        {
            form.Correcting = null;
            var prefix = $"已更新{FormFields.Label(answered)}。";
            if (answered is FormField.IdNumber or FormField.FactsAndReasons or FormField.Request or FormField.ConcernedUnit or FormField.Field)
                form.RepeatChecked = false; // the matter changed: look for repeats again
            if (form.Reviewing) ShowReview(turn, prefix);
            else if (form.Confirming || FormFields.Next(form.Draft) is null) await ReadyToConfirmAsync(turn, prefix, cancellationToken);
            else await AskNextAsync(turn, prefix, cancellationToken);
            return;
        }
        await AskNextAsync(turn, "", cancellationToken);
    }

    private async Task AskNextAsync(DialogTurn turn, string prefix, CancellationToken cancellationToken)
    {
        var form = turn.State.Form!;
        if (FormFields.Next(form.Draft) is not { } next)
        {
            await ReadyToConfirmAsync(turn, prefix, cancellationToken);
            return;
        }
        form.Current = next;
        turn.Say(Join(prefix, FormFields.Prompt(next)), FormFields.Choices(next));
    }

    private async Task RepeatCurrentAsync(DialogTurn turn, CancellationToken cancellationToken, string prefix = "")
    {
        var form = turn.State.Form!;
        if (form.Repeat is not null)
        {
            if (prefix.Length > 0) turn.Say(prefix);
            await ShowRepeatNoticeAsync(turn, cancellationToken);
        }
        else if (form.Correcting is { } c) turn.Say(Join(prefix, $"请重新输入{FormFields.Label(c)}：" + FormFields.Prompt(c)), FormFields.Choices(c));
        else if (form.Confirming) ShowSummary(turn, prefix);
        else if (form.Reviewing) ShowReview(turn, prefix);
        else await AskNextAsync(turn, prefix, cancellationToken);
    }

    /// <summary>Brings back a parked form where it was ("好的，我们继续：…").</summary>
    public Task ResumeAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        turn.State.Mode = DialogMode.Filing;
        return RepeatCurrentAsync(turn, cancellationToken, "好的，我们继续：");
    }

    /// <summary>
    /// 代为登记: a form someone filled in for the citizen, shown for their confirmation with the same summary, corrections,
    /// repeat check and submission as a form they typed themselves. A form the citizen had open is parked, not lost.
    /// </summary>
    public async Task ConfirmPreparedAsync(DialogTurn turn, FormState form, string intro, CancellationToken cancellationToken)
    {
        var state = turn.State;
        state.ParkForm();
        state.Form = form;
        state.Mode = DialogMode.Filing;
        logger.LogInformation("Prepared form {FormId} shown for confirmation (dispute {DisputeId})", form.FormId, form.OnBehalfDisputeId);
        await ReadyToConfirmAsync(turn, intro, cancellationToken);
    }

    public static string ProgressLabel(FormState form) =>
        form.Reviewing ? "核对整理的内容" : form.Confirming || FormFields.Next(form.Draft) is null ? "核对提交" : FormFields.Label(FormFields.Next(form.Draft)!.Value);

    private bool IsAside(FormField field, string text)
    {
        if (!Intents.IsQuestion(text)) return false;
        // Free-text items may contain question words as part of the facts; only a short, clear question counts there.
        if (field is FormField.Request or FormField.FactsAndReasons or FormField.Address or FormField.ConcernedUnit or FormField.Name)
            return text.Length <= 40 && ClearQuestionEnd().IsMatch(text);
        return true;
    }

    private async Task StartCorrectionAsync(DialogTurn turn, FormField field, string? newValue, CancellationToken cancellationToken)
    {
        var form = turn.State.Form!;
        var d = form.Draft;
        form.ChoosingCorrection = false;
        if (!FormFields.Applies(field, d) || (!d.Answered.Contains(field) && form.Current != field))
        {
            var current = form.Current ?? FormFields.Next(d);
            turn.Say($"还没有填到“{FormFields.Label(field)}”，我们先把这一项填完：" + (current is { } c ? FormFields.Prompt(c) : ""),
                current is { } cc ? FormFields.Choices(cc) : null);
            return;
        }
        form.Correcting = field;
        if (newValue is not null && field != FormField.Photos)
        {
            var check = FormFields.Check(field, newValue, ChinaTime.Today(time));
            if (check.IsValid)
            {
                writer.Apply(d, field, check.Value!);
                DraftWriter.MarkAnswered(d, field);
                await AfterAnswerAsync(turn, field, cancellationToken);
                return;
            }
            turn.Say(check.Error!, FormFields.Choices(field));
            return;
        }
        if (field == FormField.Photos)
        {
            d.Photos.Clear();
            d.Answered.Remove(FormField.Photos);
            form.Correcting = null;
            form.Confirming = false;
            form.Current = FormField.Photos;
            turn.Say("已清空照片。" + FormFields.Prompt(FormField.Photos), FormFields.PhotosDone);
            return;
        }
        turn.Say($"好的，请重新输入{FormFields.Label(field)}。" + FormFields.Prompt(field), FormFields.Choices(field));
    }

    private void ChooseCorrection(DialogTurn turn)
    {
        var form = turn.State.Form!;
        var options = FormFields.CorrectableFields(form.Draft);
        if (FormFields.FieldByLabel(turn.Text, form.Draft) is not { } pick)
        {
            turn.Say("请回复要修改的项目序号或名称：", options.Select(FormFields.Label).ToList());
            return;
        }
        form.ChoosingCorrection = false;
        if (pick.Field == FormField.Photos)
        {
            form.Draft.Photos.Clear();
            form.Draft.Answered.Remove(FormField.Photos);
            form.Confirming = false;
            form.Current = FormField.Photos;
            turn.Say("已清空照片。" + FormFields.Prompt(FormField.Photos), FormFields.PhotosDone);
            return;
        }
        form.Correcting = pick.Field;
        turn.Say($"好的，我们修改“{FormFields.Label(pick.Field)}”。" + FormFields.Prompt(pick.Field), FormFields.Choices(pick.Field));
    }

    private async Task GoBackAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var form = turn.State.Form!;
        var d = form.Draft;
        if (form.Correcting is not null)
        {
            form.Correcting = null;
            await RepeatCurrentAsync(turn, cancellationToken);
            return;
        }
        var previous = form.Confirming || form.Reviewing ? FormFields.Previous(d, null) : FormFields.Previous(d, form.Current);
        if (previous is not { } p)
        {
            turn.Say("已经是第一项了。" + (form.Current is { } c ? FormFields.Prompt(c) : ""), form.Current is { } cc ? FormFields.Choices(cc) : null);
            return;
        }
        form.Confirming = false;
        form.Reviewing = false;
        d.Answered.Remove(p);
        if (p == FormField.Photos) d.Photos.Clear();
        form.Current = p;
        turn.Say("好的，回到上一步。" + FormFields.Prompt(p), FormFields.Choices(p));
    }

    private async Task HandleConfirmStepAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var form = turn.State.Form!;
        var text = turn.Text;
        if (Intents.Confirm().IsMatch(text))
        {
            await SubmitAsync(turn, cancellationToken);
            return;
        }
        if (Intents.Modify().IsMatch(text))
        {
            OfferCorrections(turn);
            return;
        }
        if (Intents.IsQuestion(text))
        {
            if (!await triage.AnswerAsideAsync(turn, text, cancellationToken)) turn.Say("这个问题我暂时答不上来，提交后可以在“法规咨询”里再问。");
            turn.Say("我们继续：请核对上面的信息，确认无误请回复“确认提交”。", ConfirmChoices);
            return;
        }
        turn.Say("请回复“确认提交”提交；需要修改请回复“修改”；不提交请回复“取消”。", ConfirmChoices);
    }

    private static void OfferCorrections(DialogTurn turn)
    {
        var form = turn.State.Form!;
        form.ChoosingCorrection = true;
        var options = FormFields.CorrectableFields(form.Draft);
        turn.Say("要修改哪一项？请回复序号或名称：\n" + string.Join("\n", options.Select((f, i) => $"{i + 1}. {FormFields.Label(f)}")),
            options.Select(FormFields.Label).ToList());
    }

    /// <summary>
    /// Gives the story to the model once per form and pre-fills, through the same checks as typed answers, the items
    /// not yet answered; true when at least one was taken. A value that fails its check is simply asked for later.
    /// </summary>
    private async Task<bool> ReadStoryAsync(FormState form, string story, CancellationToken cancellationToken)
    {
        if (form.StoryRead) return false;
        form.StoryRead = true;
        if (await stories.ReadAsync(story, cancellationToken) is not { } values) return false;
        var today = ChinaTime.Today(time);
        var taken = values.Count(v => TryPrefill(form.Draft, v.Key, v.Value, today));
        logger.LogInformation("Form {FormId}: {Taken} of {Proposed} item(s) read from the story by the model passed their checks",
            form.FormId, taken, values.Count);
        return taken > 0;
    }

    /// <summary>The model's reading, with whatever else was pre-filled, for the citizen to confirm before going on.</summary>
    private static void ShowReview(DialogTurn turn, string prefix)
    {
        var d = turn.State.Form!.Draft;
        var lines = FormFields.Order.Where(f => d.Prefilled.Contains(f) && FormFields.Applies(f, d))
            .Select(f => $"{FormFields.Label(f)}：{FormFields.Display(f, d)}");
        turn.Say(Join(prefix, "以下是根据您的描述整理的内容，请核对：\n" + string.Join("\n", lines) +
                              "\n没问题请回复“没问题”，其余的项目我们接着填；需要修改请回复“修改”。"), ReviewChoices);
    }

    private async Task HandleReviewAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var form = turn.State.Form!;
        var text = turn.Text;
        if (Intents.Confirm().IsMatch(text) || Intents.Resume().IsMatch(text))
        {
            form.Reviewing = false;
            await AskNextAsync(turn, "好的，我们接着填：", cancellationToken);
            return;
        }
        if (Intents.Modify().IsMatch(text))
        {
            OfferCorrections(turn);
            return;
        }
        if (Intents.IsQuestion(text))
        {
            if (!await triage.AnswerAsideAsync(turn, text, cancellationToken)) turn.Say("这个问题我暂时答不上来，填写完成后可以在“法规咨询”里再问。");
            turn.Say("我们继续：请核对上面整理的内容，没问题请回复“没问题”。", ReviewChoices);
            return;
        }
        turn.Say("请核对上面整理的内容：没问题请回复“没问题”；需要修改请回复“修改”。", ReviewChoices);
    }

    private async Task ReadyToConfirmAsync(DialogTurn turn, string prefix, CancellationToken cancellationToken)
    {
        var form = turn.State.Form!;
        var d = form.Draft;
        form.Current = null;

        if (d.SuggestedRoutes.Count == 0 && triage.Classify($"{d.Request}，{d.FactsAndReasons}") is { Routes.Count: > 0 } r)
        {
            d.SuggestedRoutes = r.Routes.ToList();
            if (r.LitigationRelated) d.LitigationRelated = true;
        }

        if (!form.RepeatChecked && d.IdNumberHash is { } hash)
        {
            var match = await repeats.FindAsync(hash, d.Phone ?? "", Matter(d), cancellationToken);
            if (match is { SamePhone: true } && (!match.ThroughRecheck || match.SameFacts))
            {
                form.Repeat = new RepeatNotice(match.Earlier.Id, match.Earlier.TrackingNo, match.ThroughRecheck);
                logger.LogInformation("Form {FormId}: similar earlier petition {TrackingNo} (through recheck: {ThroughRecheck})",
                    form.FormId, match.Earlier.TrackingNo, match.ThroughRecheck);
                if (prefix.Length > 0) turn.Say(prefix);
                await ShowRepeatNoticeAsync(turn, cancellationToken, match.Earlier);
                return;
            }
            // New facts after a 复核, or an earlier petition under this ID number with another phone (the citizen is
            // not told about it, it may be someone else's): still linked to the earlier matter for the clerk.
            if (match is { SamePhone: false })
            {
                logger.LogInformation("Form {FormId}: similar earlier petition {TrackingNo} under another phone, linked for the clerk only",
                    form.FormId, match.Earlier.TrackingNo);
            }
            d.RepeatOfPetitionId = match?.Earlier.Id;
            form.RepeatChecked = true;
        }
        form.Confirming = true;
        ShowSummary(turn, prefix);
    }

    private void ShowSummary(DialogTurn turn, string prefix)
    {
        var d = turn.State.Form!.Draft;
        var lines = FormFields.CorrectableFields(d).Select(f => $"{FormFields.Label(f)}：{FormFields.Display(f, d)}");
        var text = Join(prefix, "请核对您填写的信息：\n" + string.Join("\n", lines));
        if (d.LitigationRelated) text += "\n标注：涉法涉诉（将转交政法机关依法处理）";
        text += "\n确认无误请回复“确认提交”；需要修改请回复“修改”；不提交请回复“取消”。";
        turn.Say(text, ConfirmChoices);
    }

    private async Task ShowRepeatNoticeAsync(DialogTurn turn, CancellationToken cancellationToken, Petition? earlier = null)
    {
        var form = turn.State.Form!;
        var notice = form.Repeat!;
        earlier ??= await intake.FindByIdAsync(notice.PetitionId, cancellationToken);
        if (earlier is null)
        {
            form.Repeat = null;
            form.RepeatChecked = true;
            form.Confirming = true;
            ShowSummary(turn, "");
            return;
        }

        if (notice.ThroughRecheck)
        {
            // 信访工作条例 第三十六条第三款: 对复核意见不服，仍以同一事实和理由提出的，不再受理.
            var routes = triage.Classify($"{form.Draft.Request}，{form.Draft.FactsAndReasons}").Routes
                .Where(id => id != "petition").ToList();
            if (routes.Count == 0) routes = ["legal-aid", "people-mediation"];
            turn.Say($"您之前反映的事项（编号 {earlier.TrackingNo}）已经过复核。按照《信访工作条例》第三十六条，对复核意见不服、" +
                     "仍以同一事实和理由提出的，信访部门和其他机关、单位不再受理。\n" +
                     "我们理解您的心情。如果有新的事实和理由，可以补充后再提交；也可以考虑下面这些途径：",
                ["补充新的事实和理由", "不提交了"], triage.Cards(routes));
            return;
        }

        var unit = string.IsNullOrWhiteSpace(earlier.CurrentUnitName) ? "" : $"，办理单位：{earlier.CurrentUnitName}";
        var review = earlier.Status is PetitionStatus.Replied or PetitionStatus.Concluded
            ? "\n如果对处理意见不服，可以自收到书面答复之日起30日内，向原办理机关的上一级机关请求复查（《信访工作条例》第三十五条）。"
            : "\n同一事项正在办理的，无需重复提交，办理结果会书面答复您。";
        turn.Say($"您在{ChinaTime.FormatDate(earlier.ReceivedUtc)}反映过类似的事项，编号 {earlier.TrackingNo}，" +
                 $"当前状态：{PetitionStatusText.Label(earlier.Status)}{unit}。{review}\n" +
                 "如果这是另一件事，请回复“另一件事，继续提交”。",
            ["另一件事，继续提交", "不提交了"]);
    }

    private async Task HandleRepeatDecisionAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var form = turn.State.Form!;
        var notice = form.Repeat!;
        if (!notice.ThroughRecheck && AnotherMatter().IsMatch(turn.Text))
        {
            form.Repeat = null;
            form.RepeatChecked = true;
            form.Confirming = true;
            ShowSummary(turn, "好的，按另一件事登记。");
            return;
        }
        if (notice.ThroughRecheck && NewFacts().IsMatch(turn.Text))
        {
            form.Repeat = null;
            form.RepeatChecked = false;
            form.Confirming = true;
            form.Correcting = FormField.FactsAndReasons;
            turn.Say("请补充新的事实和理由（会替换原来填写的内容）：");
            return;
        }
        await ShowRepeatNoticeAsync(turn, cancellationToken);
    }

    private async Task SubmitAsync(DialogTurn turn, CancellationToken cancellationToken)
    {
        var state = turn.State;
        var form = state.Form!;
        var d = form.Draft;
        if (form.OnBehalfDisputeId is { } prepared && !await onBehalf.IsCurrentAsync(prepared, form.StartedUtc, cancellationToken))
        {
            state.Form = null;
            state.Mode = DialogMode.Idle;
            turn.Say("网格员已经修改了为您填写的登记表，这份没有提交。请向网格员要新的确认码，发送后核对新的内容。", Intents.MenuChoices);
            return;
        }
        var name = d.Name!;
        var stored = await conversations.ReadTranscriptAsync(turn.Message.Channel, turn.Message.UserId,
            conversationOptions.Value.TranscriptLines, cancellationToken);
        var transcript = stored.Concat(turn.NewLines).TakeLast(conversationOptions.Value.TranscriptLines)
            .Select(l => new NewTranscriptLine(l.AtUtc, l.Speaker, l.Text.Replace(name, Masking.MaskName(name), StringComparison.Ordinal)))
            .ToList();

        // 代为登记: one petition per dispute, whichever way the citizen confirms it (here, or on a signed paper form).
        var key = form.OnBehalfDisputeId is { } dispute ? Grid.DisputeFilings.SubmissionKey(dispute) : $"form:{form.FormId:N}";
        var petition = DraftWriter.ToPetition(d, key, turn.Message.Channel, turn.Message.UserId, state.SourceUnitCode, transcript);

        // Only after this commits do we say 已提交; a retried confirmation finds the same petition by its SubmissionKey.
        var result = await intake.SubmitAsync(petition, cancellationToken);
        var p = result.Petition;
        if (form.OnBehalfDisputeId is { } filedFor) await onBehalf.LinkAsync(filedFor, p.TrackingNo, Grid.FilingConfirmation.Chat, cancellationToken);
        state.LastSubmission = new LastSubmission(p.TrackingNo, form.FormId, turn.NowUtc);
        state.Form = null;
        state.Mode = DialogMode.Idle;
        state.Triage = null;
        turn.Say(SubmittedText(p), ["查询办理进度", "返回菜单"]);
    }

    public static string SubmittedText(Petition p)
    {
        // Registration opened the 15-day period and set DueUtc to its last day.
        var noticeBy = p.DueUtc is { } due ? $"（{ChinaTime.FormatDate(due)}前）" : "";
        var text = $"已提交。您的信访事项编号是 {p.TrackingNo}，请记好。\n" +
                   $"按照《信访工作条例》第二十二条、第二十三条，有关机关将在15日内{noticeBy}书面告知您是否受理以及办理途径。\n" +
                   $"查询进度：发送“查询 {p.TrackingNo}”，再按提示输入登记电话的后4位；网页上也可以用编号和电话后4位查询。";
        if (p.LitigationRelated) text += "\n本事项已标注为“涉法涉诉”，将转交政法机关依法处理。";
        return text;
    }

    private void Prefill(DraftPetition d, string text, DateOnly today)
    {
        var values = FormPrefill.Extract(text, today);
        TryPrefill(d, FormField.Name, values.Name, today);
        TryPrefill(d, FormField.IdNumber, values.IdNumber, today);
        TryPrefill(d, FormField.Phone, values.Phone, today);
        TryPrefill(d, FormField.Address, values.Address, today);
        TryPrefill(d, FormField.Locality, values.Locality, today);
        TryPrefill(d, FormField.ConcernedUnit, values.ConcernedUnit, today);
        TryPrefill(d, FormField.Request, values.Request, today);
    }

    private bool TryPrefill(DraftPetition d, FormField field, string? value, DateOnly today)
    {
        if (value is null || d.Answered.Contains(field) || !FormFields.Applies(field, d)) return false;
        var check = FormFields.Check(field, value, today);
        if (!check.IsValid) return false;
        writer.Apply(d, field, check.Value!);
        DraftWriter.MarkAnswered(d, field);
        d.Prefilled.Add(field);
        return true;
    }

    private static void ApplyTriage(DraftPetition d, IReadOnlyList<string> routes, bool litigation, string? field, string? category)
    {
        d.SuggestedRoutes = routes.ToList();
        d.LitigationRelated |= litigation;
        var fieldOfWork = litigation ? "涉法涉诉" : field;
        if (fieldOfWork is not null && !d.Answered.Contains(FormField.Field))
        {
            d.Field = fieldOfWork;
            DraftWriter.MarkAnswered(d, FormField.Field);
            d.Prefilled.Add(FormField.Field);
        }
        if (category is not null && !d.Answered.Contains(FormField.Category))
        {
            d.Category = category;
            DraftWriter.MarkAnswered(d, FormField.Category);
            d.Prefilled.Add(FormField.Category);
        }
    }

    private static void ClearValue(DraftPetition d, FormField field)
    {
        if (field == FormField.ConcernedUnit) d.ConcernedUnit = null;
        if (field == FormField.EarlierTrackingNo) d.EarlierTrackingNo = null;
    }

    private static Matter Matter(DraftPetition d) => new(d.ConcernedUnit, d.Field ?? "", d.Request ?? "", d.FactsAndReasons ?? "");

    // "我们继续：" runs straight into the question; other prefixes ("已更新住址。") stand on their own line.
    private static string Join(string prefix, string text) =>
        prefix.Length == 0 ? text : prefix.EndsWith('：') ? prefix + text : prefix + "\n" + text;
}
