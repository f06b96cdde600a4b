using System.Text;
using PetitionBot.Knowledge.Guides;
using PetitionBot.Knowledge.Indexing;
using PetitionBot.Knowledge.Referrals;
using PetitionBot.Knowledge.Routes;
using PetitionBot.Knowledge.Search;
using PetitionBot.Knowledge.Statutes;

namespace PetitionBot.Knowledge.Answers;

/// <summary>Composes a short, cited Chinese answer from a retrieval, without a language model.</summary>
public sealed class AnswerComposer(KnowledgeIndex index, Retriever retriever, RouteCatalog routes)
{
    public const string HelpMenu = "您可以这样问我：\n1 法规咨询（如“复查期限是多久”“第三十五条”）\n2 我该走什么途径（说说您遇到的纠纷）\n3 我要反映问题\n4 查询办理进度\n5 评价";

    public const string AbstainMessage =
        "抱歉，这个问题不在我能解答的范围内。我只解答信访工作条例和常见纠纷该走哪条法律途径的问题，不提供天气、医疗、外国法律等方面的信息。\n" + HelpMenu;

    // Raw BM25 floors (guide + best phrasing) under which nothing found is relevant enough to cite, tuned on
    // questions kept apart from the guides' own phrasings: with legal vocabulary, and without any.
    private const float MinGuideScore = 25f;
    private const float MinArticleScore = 25f;
    private const float WeakGuideScore = 52f;
    private const int MaxCitations = 5;

    // Routes where the dispute belongs to a court or an arbitration body rather than to petitioning (诉访分离).
    private static readonly HashSet<string> LegalProcedureRoutes =
    [
        "civil-litigation", "administrative-litigation", "appeal-retrial", "labor-arbitration",
        "commercial-arbitration", "land-contract-arbitration", "administrative-reconsideration", "state-compensation",
    ];

    public AskResult Ask(string question) => Ask(question, null);

    /// <summary>The answer, led by the guide <paramref name="leadGuide"/> when it is one of the close candidates.</summary>
    public AskResult Ask(string question, string? leadGuide)
    {
        question = question.Trim();
        var retrieval = retriever.Retrieve(question);
        if (retrieval.LookupOnly) return AnswerReference(question, retrieval);
        if (ReferralFor(retrieval) is { } referral) return Refer(referral);
        if (IsOutOfScope(retrieval.Searched, retrieval))
        {
            // Nothing of ours answers it: a matter of public affairs goes to 12345 (issue 18: "anything else"), chit-chat
            // and the topics we decline (weather, medicine …) get the plain refusal.
            return index.Scope.TopicOf(retrieval.Searched) is null && index.Referrals.FallbackFor(retrieval.Searched) is { } general
                ? Refer(general) : Abstain();
        }

        var routeSuggestions = SuggestRoutes(retrieval);
        var leads = LeadParagraphs(retrieval);
        var chosen = leadGuide is null ? null : leads.FirstOrDefault(l => l.Guide.Id == leadGuide);
        var lead = chosen ?? leads.FirstOrDefault();
        // The best-matching guide speaks, as it also decides the first route; its paragraph that answers what was
        // asked comes first, and the article that paragraph names is cited first.
        var guide = lead?.Guide ?? retrieval.Guides.FirstOrDefault()?.Guide ?? retrieval.Articles[0].Guide;
        // Citations back the answer shown: a law the speaking guide does not cite, brought in by a weaker guide that shares
        // a word ("多长时间" → 民诉法 审限), is left out.
        var best = retrieval.Articles[0];
        var laws = guide is { Cites.Count: > 0 } ? guide.Cites.Select(c => c.File).ToHashSet() : null;
        var backing = retrieval.Articles.Where((a, i) => i == 0 || laws is null || laws.Contains(a.Ref.File) || a.Score >= 0.8f * best.Score);
        // The lead paragraph's articles come first when an aspect was asked, a card was chosen, or the question picked a
        // paragraph other than the card's opening one (what was asked is there); several are cited in the card's order.
        var leadRefs = (retrieval.Aspects.Count > 0 || chosen is not null || lead is { Opening: false } ? lead?.Paragraph.Refs ?? [] : [])
            .OrderBy(r => lead!.Guide.Cites.ToList().IndexOf(r) is var i and >= 0 ? i : int.MaxValue);
        // A chosen card's own main article comes before the ones retrieval ranked for the others.
        // So does the main article of a card that fits clearly better than any other ("劳动仲裁开庭公司不来" → 缺席裁决,
        // not the one-year limit a weaker card shares the words of), unless a real question asked before matched better.
        ArticleRef[] chosenRefs = chosen is { Guide.Cites.Count: > 0 } ? [chosen.Guide.Cites[0]]
            : guide is { Cites.Count: > 0 } && ClearlyBest(retrieval, guide) ? [guide.Cites[0]] : [];
        var citations = leadRefs.Concat(chosenRefs).Select(r => new RankedArticle(r, 10, lead!.Guide))
            .Concat(backing).Select(Cite).Distinct().Take(MaxCitations).ToList();

        var text = new StringBuilder();
        if (lead is not null) text.AppendLine(lead.Paragraph.Text);
        if (guide is not null)
        {
            text.AppendLine().AppendLine("【" + TextSnippets.Plain(guide.Title) + "】");
            var rest = index.Paragraphs[guide.Id].Where(p => !ReferenceEquals(p, lead?.Paragraph)).Select(p => p.Text);
            text.AppendLine(TextSnippets.Lead(rest, lead is null ? 260 : 200));
        }
        // The routes as a list, after the 诉访分离 note when the first one is a legal procedure; kept apart so that a caller
        // showing the routes itself can leave the list out.
        var procedure = new StringBuilder();
        var routeList = new StringBuilder();
        if (routeSuggestions.Count > 0)
        {
            if (LegalProcedureRoutes.Contains(routeSuggestions[0].Id))
                procedure.AppendLine().AppendLine("这类纠纷依法应通过诉讼、仲裁或复议等法定途径解决，信访部门会引导您走这些途径（诉访分离，信访工作条例第二十二条、第二十八条、第三十一条）。");
            else
                routeList.AppendLine();
            routeList.AppendLine("建议的途径：");
            foreach (var r in routeSuggestions)
                routeList.AppendLine($"· {r.Name}：{r.Handler}；时限：{r.Deadline}");
        }
        var statute = new StringBuilder();
        if (citations.Count > 0) AppendStatute(statute, new ArticleRef(citations[0].DocumentFile, citations[0].ArticleNumber));
        AppendCitationLine(statute, citations);
        return new AskResult($"{text}{procedure}{routeList}{statute}".Trim(), citations, routeSuggestions, false)
        {
            AnswerWithoutRoutes = $"{text}{procedure}{statute}".Trim(),
            Question = question,
            Candidates = leads.Count < 2 ? [] : leads.Select(l => new AnswerCandidate(l.Guide.Id, TextSnippets.Plain(l.Guide.Title), l.Paragraph.Text)).ToList(),
        };
    }

    private static bool ClearlyBest(Retrieval retrieval, GuideEntry guide) =>
        retrieval.Guides is [var first, var second, ..] && first.Guide == guide && first.Score >= ClearMargin * second.Score
        && retrieval.NearestAnswered is not { Share: >= 1f };

    /// <summary>How much better than the runner-up a card must match for its main article to be cited first.</summary>
    private const float ClearMargin = 1.2f;

    /// <param name="Opening">The paragraph is the card's first.</param>
    private sealed record Lead(GuideEntry Guide, GuideParagraph Paragraph, bool Opening);

    /// <summary>
    /// For each guide that matched nearly as well as the best, its paragraph that answers what was asked: the aspect
    /// asked (费用, 期限, 去哪 …) and the question's own words count, weighed by how well its guide matched. Best first;
    /// the first is the answer's lead.
    /// </summary>
    private List<Lead> LeadParagraphs(Retrieval retrieval)
    {
        if (retrieval.Guides.Count == 0) return [];
        var top = retrieval.Guides[0].Score;
        var pairs = HanPairs.Of(retrieval.Searched).Distinct(StringComparer.Ordinal).ToList();
        var leads = new List<(Lead Lead, float Score)>();
        foreach (var (guide, score) in retrieval.Guides.Take(3))
        {
            if (score < top * LeadGuideShare || !index.Paragraphs.TryGetValue(guide.Id, out var paragraphs)) continue;
            Lead? best = null;
            var bestScore = 0f;
            for (var i = 0; i < paragraphs.Count; i++)
            {
                var p = paragraphs[i];
                var overlap = pairs.Count == 0 ? 0f : (float)pairs.Count(x => p.Text.Contains(x, StringComparison.Ordinal)) / pairs.Count;
                var s = score / top * (1 + (i == 0 ? FirstParagraphBonus : 0) + AspectWeight * index.Aspects.Answers(retrieval.Aspects, p.Heading, p.Text)
                    + OverlapWeight * overlap + (p.HeadedBy(retrieval.Searched) ? HeadingWeight : 0));
                if (s > bestScore) (best, bestScore) = (new Lead(guide, p, i == 0), s);
            }
            if (best is not null) leads.Add((best, bestScore));
        }
        // Stable: on a tie the better-ranked guide leads, as it always has.
        return leads.OrderByDescending(l => l.Score).Select(l => l.Lead).ToList();
    }

    private const float LeadGuideShare = 0.8f;
    private const float FirstParagraphBonus = 0.3f;
    private const float AspectWeight = 0.6f;
    private const float OverlapWeight = 1f;

    /// <summary>A paragraph headed by what the question names ("试用期被辞退有补偿吗" → **辞退**) answers it.</summary>
    private const float HeadingWeight = 0.6f;

    /// <summary>
    /// The department for a matter our laws do not cover: named by the catalogue's words, or, failing those, judged
    /// from the whole question by the topic model learned from the catalogue and real referred questions.
    /// </summary>
    private Referral? ReferralFor(Retrieval retrieval)
    {
        var question = retrieval.Searched;
        if (index.Referrals.IsDispute(question)) return null;
        if (index.Referrals.Match(question) is { } named && !Incidental(named, retrieval)) return named;
        if (retrieval.NearestReferral is { } nearest && nearest.Share >= MinNearestReferralShare && index.Referrals.Find(nearest.Id) is { } alike)
            return alike;
        var topics = index.Topics.Classify(question);
        if (topics.Count == 0) return null;
        var (best, p) = topics.Where(t => t.Key != KnowledgeIndex.LawTopic).OrderByDescending(t => t.Value).FirstOrDefault();
        return best is not null && p >= MinReferralTopic ? index.Referrals.Find(best) : null;
    }

    /// <summary>
    /// A department's word in a story our laws answer ("电梯年检过不了，物业不管", "公司关闭，我老婆在休产假"): the rest
    /// of the question, read without the catalogue's words, is a legal question beyond doubt and retrieval found a guide.
    /// </summary>
    private bool Incidental(Referral named, Retrieval retrieval)
    {
        if (!retrieval.DomainVocabulary || retrieval.TopGuideScore < MinGuideScore) return false;
        var rest = named.WithoutCues(retrieval.Searched);
        // "离职了公积金能全部取出来吗" is about the fund: a few words beside the cue are no story of their own.
        if (rest.Count(c => c is >= '\u4e00' and <= '\u9fff') < MinStoryBesideCue) return false;
        return index.Topics.Classify(rest).GetValueOrDefault(KnowledgeIndex.LawTopic) >= MinLawBesideCue;
    }

    private const float MinLawBesideCue = 0.99f;
    private const int MinStoryBesideCue = 12;
    private const float MinReferralTopic = 0.99f;
    private const float MinNearestAnsweredShare = 0.7f;
    private const float MinNearestReferralShare = 0.9f;

    /// <summary>A matter our statutes do not cover: who handles it and how to reach them, no article.</summary>
    private static AskResult Refer(Referral referral)
    {
        var text = new StringBuilder();
        text.AppendLine($"“{referral.Topic}”方面的问题不在本助手收录的法律法规范围内，我不能依条文作答。");
        text.Append($"这类事项由{referral.Department}办理");
        if (referral.Hotline.Length > 0) text.Append($"，咨询电话 {referral.Hotline}");
        text.AppendLine("。");
        if (referral.Online.Length > 0) text.AppendLine($"网上办理：{referral.Online}。");
        if (referral.Id != ReferralCatalog.GeneralId) text.AppendLine("问题找不到部门处理或被推诿的，可以拨打 12345 政务服务便民热线，也可以向信访部门反映。");
        text.AppendLine().Append(HelpMenu);
        return new AskResult(text.ToString(), [], [], true) { Referral = referral };
    }

    private AskResult AnswerReference(string question, Retrieval retrieval)
    {
        var text = new StringBuilder();
        var citations = new List<Citation>();
        foreach (var reference in retrieval.References.Take(3))
        {
            var file = reference.Files.FirstOrDefault(f => index.Knows(new ArticleRef(f, reference.Number)));
            if (file is null)
            {
                var title = index.TitleOf(reference.Files[0]);
                var count = index.Articles.Keys.Where(k => k.File == reference.Files[0]).Select(k => k.Number).DefaultIfEmpty().Max();
                text.AppendLine(count > 0
                    ? $"《{title}》共{ChineseNumeral.Format(count)}条，没有{ChineseNumeral.ArticleLabel(reference.Number)}。"
                    : $"没有找到《{title}》{ChineseNumeral.ArticleLabel(reference.Number)}。");
                continue;
            }
            var r = new ArticleRef(file, reference.Number);
            citations.Add(Cite(new RankedArticle(r, 10, null)));
            if (reference.MatchedName == "信访条例")
                text.AppendLine("提示：原《信访条例》已由2022年施行的《信访工作条例》取代，以下按现行《信访工作条例》作答。");
            if (!AppendStatute(text, r, full: true))
            {
                var guide = index.Guides.FirstOrDefault(g => g.Cites.Count > 0 && g.Cites[0] == r)
                    ?? index.Guides.FirstOrDefault(g => g.Cites.Contains(r));
                text.AppendLine($"《{index.TitleOf(file)}》{ChineseNumeral.ArticleLabel(r.Number)}（法规原文未加载，以下为通俗说明）：");
                if (guide is not null) text.AppendLine(TextSnippets.Lead(guide.Body, 260));
            }
        }
        if (citations.Count == 0) return new AskResult(text.AppendLine(HelpMenu).ToString().Trim(), [], [], true);

        // Related articles follow the ones asked for, so a follow-up is one tap away.
        foreach (var a in retrieval.Articles)
        {
            if (citations.Count >= MaxCitations) break;
            var c = Cite(a);
            if (!citations.Contains(c) && a.Score >= 0.5f) citations.Add(c);
        }
        AppendCitationLine(text, citations);
        return new AskResult(text.ToString().Trim(), citations, [], false);
    }

    private bool IsOutOfScope(string question, Retrieval retrieval)
    {
        if (retrieval.Articles.Count == 0) return true;
        var topic = index.Scope.TopicOf(question);
        if (topic == ScopeGuard.ForeignTopic)
        {
            // Foreign law is out of scope; a foreigner asking about our procedures here is not.
            if (!AsksAboutHere(question)) return true;
            topic = null;
        }
        if (topic is not null && (!retrieval.DomainVocabulary || index.Scope.RefusedWithLegalWords(topic))) return true;
        // A real question asked before, answered from our laws, about as close as anything of ours and answered by the
        // article we would cite first, vouches for this one: told in a story's words, it has none of our vocabulary.
        if (retrieval.NearestAnswered is { } nearest && nearest.Share >= MinNearestAnsweredShare
            && nearest.Answers.Contains(retrieval.Articles[0].Ref)) return false;
        if (retrieval.DomainVocabulary) return retrieval.TopGuideScore < MinGuideScore && retrieval.TopArticleScore < MinArticleScore;
        // No legal word at all: only a close match to our own phrasings counts.
        return retrieval.TopGuideScore < WeakGuideScore;
    }

    private static bool AsksAboutHere(string question) =>
        new[] { "中国", "国内", "这边", "这里", "我们这", "信访", "上访" }.Any(w => question.Contains(w, StringComparison.Ordinal));

    private IReadOnlyList<RouteSuggestion> SuggestRoutes(Retrieval retrieval)
    {
        if (retrieval.Routes.Count == 0) return [];
        var top = retrieval.Routes[0].Score;
        return retrieval.Routes.Where(r => r.Score >= top * 0.35f)
            .Select(r => routes.Find(r.Id)).OfType<RouteSuggestion>().Take(3).ToList();
    }

    private Citation Cite(RankedArticle a) =>
        new(index.TitleOf(a.Ref.File), a.Ref.File, ChineseNumeral.ArticleLabel(a.Ref.Number), a.Ref.Number);

    /// <summary>Quotes the statute when its text is loaded; returns false when it is not.</summary>
    private bool AppendStatute(StringBuilder text, ArticleRef r, bool full = false)
    {
        if (!index.Articles.TryGetValue((r.File, r.Number), out var article)) return false;
        text.AppendLine();
        var place = string.IsNullOrEmpty(article.Path) ? "" : $"（{article.Path}）";
        text.AppendLine($"《{article.DocumentTitle}》{article.Label}{place}：");
        text.AppendLine(full ? article.Text : TextSnippets.Cut(article.Text.Replace("\n", ""), 220));
        return true;
    }

    private static void AppendCitationLine(StringBuilder text, IReadOnlyList<Citation> citations)
    {
        if (citations.Count == 0) return;
        text.AppendLine();
        text.Append("依据：").AppendJoin("；", citations.Take(3).Select(c => $"《{c.Document}》{c.Article}"));
    }

    public static AskResult Abstain() => new(AbstainMessage, [], [], true);
}
