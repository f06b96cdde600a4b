using PetitionBot.Bot.Conversation.Dialog;
using PetitionBot.Bot.Llm;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.PersonalData;
using PetitionBot.Knowledge;
using PetitionBot.Knowledge.Answers;
using PetitionBot.Bot.Petitions.Clock;

namespace PetitionBot.Bot.Conversation.Triage;

/// <summary>Legal questions (→ knowledge base with citations) and dispute descriptions (→ route triage with clarifying questions).</summary>
public sealed partial class TriageDialog(
    IKnowledgeBase knowledge, RouteTriage triage, GroundedAnswers grounded, Telemetry.BotTelemetry telemetry, ILogger<TriageDialog> logger)
{
    public static readonly string[] AfterRoutesChoices = ["我要反映问题", "法规咨询", "返回菜单"];
    public static readonly string[] AfterAnswerChoices = ["我该走什么途径", "我要反映问题", "返回菜单"];
    public static readonly string[] LitigationChoices = ["我要反映问题", "返回菜单"];

    // 信访工作条例 第二十二条第二款、第二十八条第二款: 诉访分离.
    public const string LitigationExplanation =
        "这件事涉及诉讼或仲裁程序，属于涉法涉诉事项。按照《信访工作条例》第二十二条、第二十八条关于诉讼与信访分离的要求，" +
        "涉及诉讼权利救济的事项由政法机关依法处理，走法定程序更能保障您的权利。\n" +
        "您仍然可以登记反映，我们会标注为“涉法涉诉”，转交政法机关依法处理。";

    /// <summary>Free text outside the form: answers the question and/or recommends routes.</summary>
    /// <param name="expectDispute">The citizen chose 我该走什么途径, so an unclear text is still treated as a dispute.</param>
    public async Task AnswerAsync(DialogTurn turn, string text, bool expectDispute, CancellationToken cancellationToken)
    {
        var state = turn.State;
        // With a language model configured, its verified rewrite; otherwise, or on any doubt, the extractive answer.
        var reading = ReadInContext(turn, text);
        var answer = await grounded.ImproveAsync(text, reading.Answer, cancellationToken, reading.Unsure);
        Remember(turn, text, reading, answer);
        var result = triage.Classify(text);
        var routes = Merge(result.Routes, answer);
        logger.LogInformation("Triage: rule {Rule}, routes {Routes}, knowledge abstained {Abstained}",
            result.Primary?.Id ?? "-", string.Join(',', routes), answer.Abstained);

        var channel = turn.Message.Channel;
        if (answer.Referral is not null)
        {
            telemetry.Answered(channel, Telemetry.AnswerKinds.Referral, answer.GeneratedBy);
            // A matter our laws do not cover: who handles it, not a loosely related route.
            turn.Say(answer.Answer, Intents.MenuChoices);
            state.Mode = DialogMode.Idle;
            return;
        }

        if (routes.Count > 0)
        {
            telemetry.Answered(channel, Telemetry.AnswerKinds.Routes, answer.GeneratedBy);
            // The routes follow as cards: the answer does not list them too.
            if (!answer.Abstained) turn.Say(FormatAnswer(answer with { Answer = answer.AnswerWithoutRoutes }));
            state.Triage = new TriageState
            {
                Description = Masking.MaskIdNumbers(text),
                Routes = routes.ToList(),
                LitigationRelated = result.LitigationRelated,
                Field = result.LitigationRelated ? "涉法涉诉" : result.Field,
                Category = result.Category,
                RuleId = result.Primary?.Id,
                AtUtc = turn.NowUtc,
            };
            ShowRoutes(turn, routes, result.Primary?.Note, result.LitigationRelated, answer);
            if (result.LitigationRelated && JudgmentClock.Describe(text, DateOnly.FromDateTime(ChinaTime.ToLocal(turn.NowUtc))) is { } timeLeft)
                turn.Say(timeLeft);
            if (result.FollowUp is { } question) AskQuestion(turn, state.Triage, question);
            else state.Mode = DialogMode.Idle;
            return;
        }

        if (!answer.Abstained)
        {
            telemetry.Answered(channel, Telemetry.AnswerKinds.Answer, answer.GeneratedBy);
            turn.Say(FormatAnswer(answer), AfterAnswerChoices);
            state.Mode = DialogMode.Idle;
            return;
        }

        if (result.LooksLikeDispute || expectDispute)
        {
            telemetry.Answered(channel, Telemetry.AnswerKinds.Clarify, answer.GeneratedBy);
            state.Triage = new TriageState { Description = Masking.MaskIdNumbers(text), AtUtc = turn.NowUtc };
            AskQuestion(turn, state.Triage, "counterparty");
            return;
        }

        telemetry.Answered(channel, Telemetry.AnswerKinds.Abstained, answer.GeneratedBy);
        turn.Say("抱歉，这个问题我暂时答不上来。可以换个说法再问一次，或者选择下面的服务：", Intents.MenuChoices);
        turn.CouldNotHelp = true;
        state.Mode = DialogMode.Idle;
    }

    /// <summary>How the engine read a message on its own, without a model.</summary>
    /// <param name="Unsure">
    /// When the reading leaned on the question asked before (a follow-up, or a short text nothing answered alone):
    /// that question and its follow-ups, oldest first, for a model to put the message in words that stand alone.
    /// </param>
    private sealed record Reading(AskResult Answer, bool FollowUp, IReadOnlyList<string>? Unsure);

    /// <summary>
    /// Answers a question, reading a short follow-up ("能延期吗", "那要多久", "要钱吗") together with the question asked just
    /// before when on its own it names no matter, or asks about nothing we know.
    /// </summary>
    private Reading ReadInContext(DialogTurn turn, string text)
    {
        var state = turn.State;
        var before = state.LastQuestion is { } last && turn.NowUtc - last.AtUtc < FollowUpWindow ? last : null;
        if (before is null) return new Reading(Ask(text), false, null);
        IReadOnlyList<string> earlier = [before.Text, .. before.FollowUps];
        if (IsFollowUp(text))
        {
            var combined = Ask(before.Text + " " + text);
            return new Reading(combined.Abstained ? Ask(text) : combined, true, earlier);
        }
        var answer = Ask(text);
        if (!answer.Abstained || text.Length > MaxFollowUpLength) return new Reading(answer, false, null);
        var withBefore = Ask(before.Text + " " + text);
        return new Reading(withBefore.Abstained ? answer : withBefore, false, earlier);
    }

    /// <summary>A follow-up keeps the original matter as the context of the next one; a new question becomes it.</summary>
    private static void Remember(DialogTurn turn, string text, Reading reading, AskResult answer)
    {
        var state = turn.State;
        if (answer.Abstained) return;
        if (!reading.FollowUp || state.LastQuestion is null)
            state.LastQuestion = new AskedBefore(Masking.MaskIdNumbers(text), turn.NowUtc);
        else
            state.LastQuestion = state.LastQuestion with
            {
                AtUtc = turn.NowUtc,
                FollowUps = [.. state.LastQuestion.FollowUps.TakeLast(MaxFollowUpsKept - 1), Masking.MaskIdNumbers(text)],
            };
    }

    private const int MaxFollowUpsKept = 2;

    private static readonly TimeSpan FollowUpWindow = TimeSpan.FromMinutes(30);
    private const int MaxFollowUpLength = 12;

    /// <summary>A short message that leans on the one before: "那…", "能…吗", "要多久", "去哪办".</summary>
    private static bool IsFollowUp(string text) =>
        text.Length <= MaxFollowUpLength && FollowUpCue().IsMatch(text);

    [System.Text.RegularExpressions.GeneratedRegex(@"^(那|那么|那如果|如果|还|还能|还可以|能|能不能|可以|可不可以|要|需要|要不要|多久|多长时间|几天|怎么|咋|去哪|在哪|找谁|费用|收费|这个|这种|超过|过了|逾期|延期|期限)|[吗呢么]$|要多久|多少钱|要钱")]
    private static partial System.Text.RegularExpressions.Regex FollowUpCue();

    /// <summary>Handles the answer to an open clarifying question; false when the text is not an answer to it.</summary>
    public bool HandleClarification(DialogTurn turn)
    {
        var state = turn.State;
        if (state.Triage is not { PendingQuestion: { } questionId } t
            || !triage.Catalog.Questions.TryGetValue(questionId, out var question)) return false;
        if (triage.MatchChoice(question, turn.Text) is not { } index)
        {
            t.PendingQuestion = null;
            state.Mode = DialogMode.Idle;
            return false;
        }

        var choice = question.Choices[index];
        t.Asked.Add(question.Id);
        t.PendingQuestion = null;
        var routesBefore = t.Routes.ToList();
        if (choice.Routes is { Count: > 0 })
            t.Routes = choice.Routes.Concat(t.Routes).Distinct(StringComparer.Ordinal).Take(RouteTriage.MaxRoutes).ToList();
        if (choice.Litigation)
        {
            t.LitigationRelated = true;
            t.Field = "涉法涉诉";
        }

        // At most two clarifying questions per description.
        if (choice.Next is { } next && t.Asked.Count < 2 && !t.Asked.Contains(next) && !triage.IsAnsweredBy(next, t.Description))
        {
            AskQuestion(turn, t, next);
            return true;
        }

        state.Mode = DialogMode.Idle;
        var routesChanged = !routesBefore.SequenceEqual(t.Routes);
        if (routesChanged && t.Routes.Count > 0)
        {
            ShowRoutes(turn, t.Routes, choice.Note, t.LitigationRelated, null);
        }
        else if (choice.Litigation)
        {
            turn.Say(choice.Note ?? "好的。");
            turn.Say(LitigationExplanation, LitigationChoices);
        }
        else if (choice.Note is { } note)
        {
            turn.Say(note, AfterRoutesChoices);
        }
        else
        {
            turn.Say("好的。上面的途径适合您的情况；如果还想登记反映，请回复“我要反映问题”。", AfterRoutesChoices);
        }
        return true;
    }

    /// <summary>
    /// A question asked in the middle of the form: answers it if the knowledge base or the rules can, without changing
    /// the conversation's mode. False when nothing useful can be said.
    /// </summary>
    public async Task<bool> AnswerAsideAsync(DialogTurn turn, string text, CancellationToken cancellationToken)
    {
        var answer = await grounded.ImproveAsync(text, Ask(text), cancellationToken);
        if (!answer.Abstained || answer.Referral is not null)
        {
            turn.Say(answer.Referral is not null ? answer.Answer : FormatAnswer(answer));
            return true;
        }
        var result = triage.Classify(text);
        if (result.Routes.Count == 0) return false;
        turn.Say("这类问题依法可以通过以下途径解决：", cards: result.Routes.Select(id => Card(id, null)).ToList());
        return true;
    }

    public TriageResult Classify(string text) => triage.Classify(text);

    public IReadOnlyList<ReplyCard> Cards(IEnumerable<string> routeIds) => routeIds.Select(id => Card(id, null)).ToList();

    private void ShowRoutes(DialogTurn turn, IReadOnlyList<string> routes, string? note, bool litigation, AskResult? answer)
    {
        var intro = litigation
            ? "根据您的描述，这件事应当通过以下法定途径解决："
            : "根据您的描述，依法可以通过以下途径解决（《信访工作条例》第三十一条）：";
        if (note is not null) intro += "\n" + note;
        var cards = routes.Select(id => Card(id, answer?.Routes.FirstOrDefault(r => r.Id == id))).ToList();
        if (litigation)
        {
            turn.Say(intro, cards: cards);
            turn.Say(LitigationExplanation, LitigationChoices);
        }
        else
        {
            turn.Say(intro, AfterRoutesChoices, cards);
        }
    }

    private void AskQuestion(DialogTurn turn, TriageState t, string questionId)
    {
        var question = triage.Catalog.Questions[questionId];
        t.PendingQuestion = questionId;
        turn.State.Mode = DialogMode.Clarifying;
        turn.Say(question.Text, question.Choices.Select(c => c.Label).ToList());
    }

    private ReplyCard Card(string routeId, RouteSuggestion? fromKnowledge)
    {
        if (triage.Catalog.Routes.TryGetValue(routeId, out var route))
        {
            return new ReplyCard(route.Name,
                $"谁来办：{route.Handler}\n时限：{route.Deadline}\n要准备：{route.Bring}\n依据：{FormatBasis(route.Basis)}");
        }
        var r = fromKnowledge ?? knowledge.Routes.FirstOrDefault(x => x.Id == routeId);
        return r is null
            ? new ReplyCard(routeId, "")
            : new ReplyCard(r.Name, $"谁来办：{r.Handler}\n时限：{r.Deadline}\n{r.Summary}");
    }

    /// <summary>《劳动争议调解仲裁法》第二十七条、第二十一条；《…》…</summary>
    public static string FormatBasis(IEnumerable<LawRef> basis) =>
        string.Join("；", basis.GroupBy(b => b.Law).Select(g =>
            $"《{ShortLaw(g.Key)}》" + string.Join("、", g.Select(b => ChineseText.ArticleLabel(b.Article)))));

    private static string ShortLaw(string law) => law.StartsWith("中华人民共和国", StringComparison.Ordinal) ? law[7..] : law;

    private List<string> Merge(IReadOnlyList<string> ruleRoutes, AskResult answer) =>
        ruleRoutes.Concat(answer.Routes.Select(r => r.Id))
            .Where(id => triage.Catalog.Routes.ContainsKey(id) || answer.Routes.Any(r => r.Id == id))
            .Distinct(StringComparer.Ordinal)
            .Take(RouteTriage.MaxRoutes)
            .ToList();

    private AskResult Ask(string question)
    {
        try
        {
            if (knowledge.IsReady) return knowledge.Ask(question);
        }
        catch (Exception ex)
        {
            // The knowledge base is a helper: a failure there must not break the conversation.
            logger.LogWarning(ex, "Knowledge base failed to answer; continuing with route triage only");
        }
        return new AskResult("", [], [], Abstained: true);
    }

    public static string FormatAnswer(AskResult answer)
    {
        var text = answer.Answer.Trim();
        if (answer.Citations.Count == 0 || text.Contains(answer.Citations[0].Article, StringComparison.Ordinal)) return text;
        var cited = answer.Citations.Take(3).Select(c => $"《{ShortLaw(c.Document)}》{c.Article}").Distinct();
        return text + "\n依据：" + string.Join("；", cited);
    }
}
