using PetitionBot.Knowledge.Answers;
using PetitionBot.Knowledge.Search;

namespace PetitionBot.Knowledge;

/// <summary>Temporary: replaced by the Lucene-backed implementation.</summary>
public sealed class KnowledgeBase : IKnowledgeBase
{
    public bool IsReady => true;
    public IReadOnlyList<RouteSuggestion> Routes { get; } = [];
    public AskResult Ask(string question) => new("暂无答案。", [], [], true);
    public SearchResult Search(string query, int top = 10) => new([]);
}
