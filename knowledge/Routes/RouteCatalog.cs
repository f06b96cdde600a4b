using PetitionBot.Knowledge.Answers;
using PetitionBot.Knowledge.Guides;

namespace PetitionBot.Knowledge.Routes;

/// <summary>The legal routes (ids as in routes.json), described by the route guides of our knowledge pack.</summary>
public sealed class RouteCatalog
{
    private readonly Dictionary<string, RouteSuggestion> _routes;

    public RouteCatalog(IEnumerable<GuideEntry> guides)
    {
        _routes = guides.Where(g => g.Kind == "route" && g.Routes.Count > 0)
            .GroupBy(g => g.Routes[0])
            .ToDictionary(g => g.Key, g => Describe(g.Key, g.First()));
    }

    public IReadOnlyList<RouteSuggestion> All => _routes.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();

    public RouteSuggestion? Find(string id) => _routes.GetValueOrDefault(id);

    /// <summary>The guide of a route, for "what should I bring" style follow-ups.</summary>
    private static RouteSuggestion Describe(string id, GuideEntry guide)
    {
        var colon = guide.Title.IndexOfAny(['：', ':']);
        var name = colon > 0 ? guide.Title[..colon] : guide.Title;
        return new RouteSuggestion(id, name, guide.Handler ?? "", guide.Deadline ?? "", TextSnippets.FirstParagraph(guide.Body, 120));
    }
}
