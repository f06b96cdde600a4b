using System.CommandLine;
using System.Text.Json;

namespace PetitionBot.Indexer.Commands;

internal static class AskCommand
{
    public static Command Create()
    {
        var question = new Argument<string>("question") { Description = "问题，如 信访事项多长时间办结" };
        var explain = new Option<bool>("--explain") { Description = "列出命中的知识条目和分数（调参用）" };
        var command = new Command("ask", "回答一个问题（附引用和法律途径）");
        command.Arguments.Add(question);
        command.Options.Add(explain);
        command.Options.Add(CommonOptions.Json);
        CommonOptions.AddTo(command);
        command.SetAction(result =>
        {
            using var kb = CommonOptions.Open(CommonOptions.Read(result));
            var answer = kb.Ask(result.GetValue(question)!);
            if (result.GetValue(explain))
            {
                var r = kb.Retrieve(result.GetValue(question)!);
                Console.WriteLine($"guide={r.TopGuideScore:F2} article={r.TopArticleScore:F2} domain={r.DomainVocabulary} aspects={string.Join(",", r.Aspects)} searched={r.Searched}");
                Console.WriteLine("  laws: " + string.Join(" ", r.Laws.OrderByDescending(kv => kv.Value).Take(3).Select(kv => $"{kv.Key}={kv.Value:F2}")));
                foreach (var g in r.Guides.Take(6)) Console.WriteLine($"  G {g.Score,6:F2} {g.Guide.Id} [{string.Join(",", g.Guide.Routes)}] {string.Join(",", g.Guide.Cites.Take(3))}");
                foreach (var a in r.Articles.Take(6)) Console.WriteLine($"  A {a.Score,6:F2} {a.Ref} via {a.Guide?.Id ?? "statute"}");
                foreach (var rt in r.Routes.Take(4)) Console.WriteLine($"  R {rt.Score,6:F2} {rt.Id}");
            }
            if (result.GetValue(CommonOptions.Json))
            {
                Console.WriteLine(JsonSerializer.Serialize(answer, SearchCommand.JsonOut));
                return 0;
            }
            Console.WriteLine(answer.Answer);
            foreach (var c in answer.Citations) Console.WriteLine($"  引用：《{c.Document}》{c.Article}");
            foreach (var r in answer.Routes) Console.WriteLine($"  途径：{r.Id} {r.Name}");
            return 0;
        });
        return command;
    }
}
