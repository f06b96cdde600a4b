using System.Text.Json;
using PetitionBot.Bot.Conversation;
using PetitionBot.Bot.Conversation.Triage;

namespace PetitionBot.Tests.Conversation;

/// <summary>The triage table shipped with the bot: route vocabulary and consistency.</summary>
public class RouteTriageTests
{
    // The route vocabulary of ../shared/eval/routes.json, which the bot must use exactly.
    private static readonly string[] RouteIds =
    [
        "civil-litigation", "administrative-litigation", "appeal-retrial", "police", "administrative-reconsideration",
        "administrative-complaint", "labor-inspection", "consumer-complaint", "labor-arbitration", "commercial-arbitration",
        "land-contract-arbitration", "people-mediation", "legal-aid", "state-compensation", "discipline-inspection",
        "party-member-appeal", "petition", "suggestion",
    ];

    private static TriageCatalog Catalog() =>
        TriageCatalog.Load(Path.Combine(AppContext.BaseDirectory, new ConversationOptions().TriagePath));

    [Fact]
    public void The_triage_table_names_exactly_the_shared_route_ids()
    {
        Assert.Equal(RouteIds.Order(), Catalog().Routes.Keys.Order());
    }

    [Fact]
    public void Route_names_match_the_shared_vocabulary_when_it_is_available()
    {
        var shared = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../shared/eval/routes.json"));
        if (!File.Exists(shared)) return; // tests must pass without /work/shared; the id list above still guards the ids
        using var json = JsonDocument.Parse(File.ReadAllText(shared));
        var expected = json.RootElement.GetProperty("routes").EnumerateArray()
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("name").GetString()!);
        Assert.Equal(expected.OrderBy(p => p.Key), Catalog().Routes.Values.Select(r => KeyValuePair.Create(r.Id, r.Name)).OrderBy(p => p.Key));
    }

    [Fact]
    public void Every_route_says_who_handles_it_the_time_limit_and_what_to_bring()
    {
        foreach (var route in Catalog().Routes.Values)
        {
            Assert.False(string.IsNullOrWhiteSpace(route.Handler), route.Id);
            Assert.False(string.IsNullOrWhiteSpace(route.Deadline), route.Id);
            Assert.False(string.IsNullOrWhiteSpace(route.Bring), route.Id);
            Assert.NotEmpty(route.Basis);
        }
    }

    [Fact]
    public void A_rule_naming_an_unknown_route_is_refused_at_load()
    {
        var data = Catalog().Data;
        var broken = data with { Rules = [.. data.Rules, data.Rules[0] with { Id = "broken", Routes = ["no-such-route"] }] };

        var error = Assert.Throws<InvalidDataException>(() => new TriageCatalog(broken));
        Assert.Contains("no-such-route", error.Message);
    }

    [Theory]
    [InlineData("我们公司拖欠了我三个月工资怎么办", "labor-inspection")]
    [InlineData("邻居跟我吵架还动手打了我", "police")]
    [InlineData("村干部把低保名额给了自己亲戚，还贪污了修路的钱", "discipline-inspection")]
    [InlineData("建议在我们小区门口增设一个公交站", "suggestion")]
    [InlineData("房东不退押金，说是我把墙弄脏了", "civil-litigation")]
    public void Common_disputes_get_a_fitting_first_route(string description, string expected)
    {
        var triage = new RouteTriage(Catalog());

        Assert.Equal(expected, triage.Classify(description).Routes.FirstOrDefault());
    }

    [Fact]
    public void A_legal_question_without_a_dispute_gets_no_route()
    {
        var triage = new RouteTriage(Catalog());

        var result = triage.Classify("信访工作要遵循哪几条原则");

        Assert.Empty(result.Routes);
        Assert.False(result.LooksLikeDispute);
    }
}
