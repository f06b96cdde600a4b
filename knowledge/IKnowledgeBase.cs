using PetitionBot.Knowledge.Answers;
using PetitionBot.Knowledge.Search;

namespace PetitionBot.Knowledge;

/// <summary>What the rest of the system asks of the knowledge base.</summary>
public interface IKnowledgeBase
{
    /// <summary>True once an index is open and queries can be answered.</summary>
    bool IsReady { get; }

    /// <summary>Completes when the index is open, or after <paramref name="patience"/>, whichever comes first.</summary>
    Task WhenReadyAsync(TimeSpan patience, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Answers a citizen's question with citations and, for a dispute, the fitting routes.</summary>
    AskResult Ask(string question);

    /// <summary>Ranked statute articles for a query, with highlights.</summary>
    SearchResult Search(string query, int top = 10);

    /// <summary>The route catalogue (ids from routes.json) with handler and deadline; empty until the index is open.</summary>
    IReadOnlyList<RouteSuggestion> Routes { get; }
}
