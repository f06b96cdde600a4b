using PetitionBot.Knowledge;
using PetitionBot.Knowledge.Answers;
using PetitionBot.Knowledge.Search;

namespace PetitionBot.Tests.Support;

/// <summary>
/// Deterministic stand-in for the knowledge base in conversation tests that need a known answer (a question asked in the
/// middle of the form). Everything else abstains, so route triage is exercised on its own.
/// </summary>
public sealed class FakeKnowledgeBase : IKnowledgeBase
{
    private static readonly Citation Article35 = new("信访工作条例", "xinfang-gongzuo-tiaoli-2022.md", "第三十五条", 35);
    private static readonly Citation Article34 = new("信访工作条例", "xinfang-gongzuo-tiaoli-2022.md", "第三十四条", 34);

    public bool IsReady => true;
    public IReadOnlyList<RouteSuggestion> Routes { get; } = [];
    public List<string> Questions { get; } = [];

    public AskResult Ask(string question)
    {
        lock (Questions) Questions.Add(question);
        if (question.Contains("复查") && (question.Contains("期限") || question.Contains("多久")))
            return new AskResult("对信访处理意见不服的，可以自收到书面答复之日起30日内，请求原办理机关、单位的上一级机关、单位复查；复查机关应当自收到复查请求之日起30日内提出复查意见。",
                [Article35], [], false);
        if (question.Contains("办结") || (question.Contains("多长时间") && question.Contains("办")))
            return new AskResult("申诉求决类事项应当自受理之日起60日内办结；情况复杂的，经批准可以适当延长，但延长期限不得超过30日。", [Article34], [], false);
        return new AskResult("", [], [], true);
    }

    public SearchResult Search(string query, int top = 10) => new([]);
}
