using System.CommandLine;
using PetitionBot.Knowledge.Evaluation;
using Spectre.Console;

namespace PetitionBot.Indexer.Commands;

internal static class EvalCommand
{
    public static Command Create()
    {
        var gold = new Option<string>("--gold") { Description = "评测集 (jsonl)", Required = true };
        var minRecall1 = Threshold("--min-recall1", "recall@1 下限");
        var minRecall3 = Threshold("--min-recall3", "recall@3 下限");
        var minMrr = Threshold("--min-mrr", "MRR 下限");
        var minRoute1 = Threshold("--min-route1", "route@1 下限");
        var minAbstain = Threshold("--min-abstain", "应拒答题的拒答率下限");
        var maxWrongful = new Option<double?>("--max-wrongful-abstain") { Description = "误拒答率上限" };
        var expect = new Option<int?>("--expect-articles") { Description = "法规条文数须等于该值" };
        var scores = new Option<bool>("--scores") { Description = "逐题打印检索分数（调参用）" };
        var command = new Command("eval", "按评测集计算 recall@1/3、MRR、route@1、拒答准确率、误拒答率");
        CommonOptions.AddTo(command);
        foreach (var o in new Option[] { gold, minRecall1, minRecall3, minMrr, minRoute1, minAbstain, maxWrongful, expect, scores })
            command.Options.Add(o);
        command.SetAction(result =>
        {
            using var kb = CommonOptions.Open(CommonOptions.Read(result));
            var items = Evaluator.ReadGold(result.GetValue(gold)!);
            var report = Evaluator.Run(items, kb.Ask);
            if (result.GetValue(scores))
                foreach (var item in items)
                {
                    var r = kb.Retrieve(item.Question);
                    Console.WriteLine($"SCORE {item.Id} {item.Kind,-8} guide={r.TopGuideScore,6:F2} article={r.TopArticleScore,6:F2} domain={r.DomainVocabulary} {item.Question}");
                }

            foreach (var miss in report.Misses)
                Console.WriteLine($"MISS {miss.Id} [{miss.Kind}] {miss.Question}\n     {miss.Problem}; got: {miss.Got}");

            var table = new Table().AddColumns("指标", "数值", "门槛");
            var failures = new List<string>();
            void Row(string name, double value, double? bound, bool atMost = false)
            {
                var ok = bound is null || (atMost ? value <= bound : value >= bound);
                if (!ok) failures.Add(name);
                table.AddRow(name, value.ToString("F3"), bound is null ? "-" : (atMost ? "≤ " : "≥ ") + bound.Value.ToString("F2") + (ok ? "" : " ✗"));
            }
            Row("recall@1", report.RecallAt1, result.GetValue(minRecall1));
            Row("recall@3", report.RecallAt3, result.GetValue(minRecall3));
            Row("MRR", report.Mrr, result.GetValue(minMrr));
            Row("route@1", report.RouteAt1, result.GetValue(minRoute1));
            Row("abstain", report.AbstainAccuracy, result.GetValue(minAbstain));
            Row("wrongful abstain", report.WrongfulAbstainRate, result.GetValue(maxWrongful), atMost: true);
            var articles = kb.ArticleCount;
            if (result.GetValue(expect) is { } n && n != articles) failures.Add($"articles {articles} ≠ {n}");
            table.AddRow("法规条文", articles.ToString(), result.GetValue(expect)?.ToString() ?? "-");
            AnsiConsole.Write(table);
            Console.WriteLine($"items={report.Items} recall@1={report.RecallAt1:F3} recall@3={report.RecallAt3:F3} mrr={report.Mrr:F3} route@1={report.RouteAt1:F3} abstain={report.AbstainAccuracy:F3} wrongful_abstain={report.WrongfulAbstainRate:F3} articles={articles}");
            if (failures.Count == 0) return 0;
            Console.Error.WriteLine("未达门槛：" + string.Join("，", failures));
            return 1;
        });
        return command;
    }

    private static Option<double?> Threshold(string name, string description) => new(name) { Description = description };
}
