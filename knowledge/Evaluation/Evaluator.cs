using System.Text.Json;
using System.Text.Json.Serialization;
using PetitionBot.Knowledge.Answers;

namespace PetitionBot.Knowledge.Evaluation;

/// <summary>One gold question (../shared/eval/dev.jsonl form).</summary>
public sealed record GoldItem(
    string Id,
    string Kind,
    string Question,
    IReadOnlyList<GoldArticle> Expect,
    IReadOnlyList<string> Routes,
    string? Referral = null);

public sealed record GoldArticle(string File, int Article);

public sealed record EvalMiss(string Id, string Kind, string Question, string Problem, string Got);

/// <summary>The figures CI gates on; definitions in ../shared/eval/README.md.</summary>
public sealed record EvalReport(
    int Items,
    double RecallAt1,
    double RecallAt3,
    double Mrr,
    double RouteAt1,
    double AbstainAccuracy,
    double WrongfulAbstainRate,
    IReadOnlyList<EvalMiss> Misses)
{
    /// <summary>Out-of-scope items (abstain and referral) answered without citing any article.</summary>
    public double OutOfScopeNoCitation { get; init; } = 1;

    /// <summary>Referral items whose answer names the expected department.</summary>
    public double ReferralAccuracy { get; init; } = 1;
}

public static class Evaluator
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public static IReadOnlyList<GoldItem> ReadGold(string path) =>
        File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l))
            .Select((l, i) => JsonSerializer.Deserialize<GoldItem>(l, Json)
                ?? throw new FormatException($"{path}:{i + 1}: not a gold item."))
            .Select(g => g with { Expect = g.Expect ?? [], Routes = g.Routes ?? [] })
            .ToList();

    public static EvalReport Run(IReadOnlyList<GoldItem> gold, Func<string, AskResult> ask)
    {
        int retrievalItems = 0, hit1 = 0, hit3 = 0, routeItems = 0, route1 = 0, abstainItems = 0, abstained = 0,
            answerable = 0, wrongful = 0, uncited = 0, referralItems = 0, referred = 0;
        double reciprocal = 0;
        var misses = new List<EvalMiss>();

        foreach (var item in gold)
        {
            var result = ask(item.Question);
            var cited = result.Citations.Select(c => $"{c.DocumentFile}#{c.ArticleNumber}").ToList();
            var got = (result.Referral is { } referral ? $"refer:{referral.Id} " : "") + string.Join(", ", cited.Take(3)) + (result.Routes.Count > 0 ? " | " + string.Join(",", result.Routes.Select(r => r.Id)) : "");
            if (item.Kind is "abstain" or "referral")
            {
                // Out of scope: the right answer says so (a referral names the department) and cites nothing.
                abstainItems++;
                if (result.Abstained) abstained++;
                if (cited.Count == 0) uncited++;
                if (item.Kind == "referral")
                {
                    referralItems++;
                    if (result.Referral?.Id == item.Referral) referred++;
                }
                if (!result.Abstained || cited.Count > 0)
                    misses.Add(new EvalMiss(item.Id, item.Kind, item.Question, "should abstain", got));
                else if (item.Kind == "referral" && result.Referral?.Id != item.Referral)
                    misses.Add(new EvalMiss(item.Id, item.Kind, item.Question,
                        $"should refer to {item.Referral}", result.Referral?.Id ?? "no referral"));
                continue;
            }

            answerable++;
            if (result.Abstained)
            {
                wrongful++;
                misses.Add(new EvalMiss(item.Id, item.Kind, item.Question, "abstained wrongly", got));
            }
            retrievalItems++;
            var expected = item.Expect.Select(e => $"{e.File}#{e.Article}").ToHashSet();
            var rank = cited.FindIndex(expected.Contains);
            if (rank == 0) hit1++;
            if (rank is >= 0 and < 3) hit3++;
            if (rank >= 0) reciprocal += 1.0 / (rank + 1);
            if (!result.Abstained && rank != 0)
                misses.Add(new EvalMiss(item.Id, item.Kind, item.Question,
                    rank < 0 ? $"expected {string.Join(" or ", expected)} not cited" : $"expected article at rank {rank + 1}", got));

            if (item.Kind == "route")
            {
                routeItems++;
                if (result.Routes.Count > 0 && item.Routes.Contains(result.Routes[0].Id)) route1++;
                else misses.Add(new EvalMiss(item.Id, item.Kind, item.Question,
                    $"first route should be {string.Join(" or ", item.Routes)}", got));
            }
        }

        static double Share(int n, int d) => d == 0 ? 1 : (double)n / d;
        return new EvalReport(gold.Count, Share(hit1, retrievalItems), Share(hit3, retrievalItems),
            retrievalItems == 0 ? 1 : reciprocal / retrievalItems, Share(route1, routeItems),
            Share(abstained, abstainItems), answerable == 0 ? 0 : (double)wrongful / answerable, misses)
        {
            OutOfScopeNoCitation = Share(uncited, abstainItems),
            ReferralAccuracy = Share(referred, referralItems),
        };
    }
}
