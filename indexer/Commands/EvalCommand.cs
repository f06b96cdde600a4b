using System.CommandLine;
using PetitionBot.Knowledge.Evaluation;
using Spectre.Console;

namespace PetitionBot.Indexer.Commands;

internal static class EvalCommand
{
    public static Command Create()
    {
        var gold = new Option<string[]>("--gold")
        {
            Description = "评测集 (jsonl)，可重复：每个评测集分别计算、分别按门槛检查",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var minRecall1 = Threshold("--min-recall1", "recall@1 下限");
        var minRecall3 = Threshold("--min-recall3", "recall@3 下限");
        var minMrr = Threshold("--min-mrr", "MRR 下限");
        var minRoute1 = Threshold("--min-route1", "route@1 下限");
        var minAbstain = Threshold("--min-abstain", "应拒答题（含转介）的拒答率下限");
        var minOutOfScope = Threshold("--min-out-of-scope", "范围外问题（拒答、转介）不引用任何条文的比例下限");
        var maxWrongful = new Option<double?>("--max-wrongful-abstain") { Description = "误拒答率上限" };
        var expect = new Option<int?>("--expect-articles") { Description = "法规条文数须等于该值" };
        var scores = new Option<bool>("--scores") { Description = "逐题打印检索分数（调参用）" };
        var quiet = new Option<bool>("--quiet") { Description = "不逐题列出未答对的题" };
        var command = new Command("eval", "按评测集计算 recall@1/3、MRR、route@1、拒答准确率、误拒答率、转介");
        CommonOptions.AddTo(command);
        foreach (var o in new Option[] { gold, minRecall1, minRecall3, minMrr, minRoute1, minAbstain, minOutOfScope, maxWrongful, expect, scores, quiet })
            command.Options.Add(o);
        command.SetAction(result =>
        {
            using var kb = CommonOptions.Open(CommonOptions.Read(result));
            var failures = new List<string>();
            var table = new Table().AddColumns("评测集", "题数", "r@1", "r@3", "MRR", "route@1", "拒答", "范围外无引用", "转介对", "误拒答");
            foreach (var path in result.GetValue(gold)!)
            {
                var name = Path.GetFileNameWithoutExtension(path);
                var items = Evaluator.ReadGold(path);
                var report = Evaluator.Run(items, kb.Ask);
                if (result.GetValue(scores))
                    foreach (var item in items)
                    {
                        var r = kb.Retrieve(item.Question);
                        Console.WriteLine($"SCORE {item.Id} {item.Kind,-8} guide={r.TopGuideScore,6:F2} article={r.TopArticleScore,6:F2} domain={r.DomainVocabulary} {item.Question}");
                    }
                if (!result.GetValue(quiet))
                    foreach (var miss in report.Misses)
                        Console.WriteLine($"MISS {miss.Id} [{miss.Kind}] {miss.Question}\n     {miss.Problem}; got: {miss.Got}");

                string Cell(string metric, double value, double? bound, bool atMost = false)
                {
                    var ok = bound is null || (atMost ? value <= bound : value >= bound);
                    if (!ok) failures.Add($"{name} {metric} {value:F3}");
                    return value.ToString("F3") + (ok ? "" : " ✗");
                }
                table.AddRow(name, report.Items.ToString(),
                    Cell("recall@1", report.RecallAt1, result.GetValue(minRecall1)),
                    Cell("recall@3", report.RecallAt3, result.GetValue(minRecall3)),
                    Cell("MRR", report.Mrr, result.GetValue(minMrr)),
                    Cell("route@1", report.RouteAt1, result.GetValue(minRoute1)),
                    Cell("abstain", report.AbstainAccuracy, result.GetValue(minAbstain)),
                    Cell("out-of-scope", report.OutOfScopeNoCitation, result.GetValue(minOutOfScope)),
                    report.ReferralAccuracy.ToString("F3"),
                    Cell("wrongful abstain", report.WrongfulAbstainRate, result.GetValue(maxWrongful), atMost: true));
                Console.WriteLine($"{name}: items={report.Items} recall@1={report.RecallAt1:F3} recall@3={report.RecallAt3:F3} mrr={report.Mrr:F3} route@1={report.RouteAt1:F3} abstain={report.AbstainAccuracy:F3} out_of_scope_uncited={report.OutOfScopeNoCitation:F3} referral={report.ReferralAccuracy:F3} wrongful_abstain={report.WrongfulAbstainRate:F3}");
            }
            AnsiConsole.Write(table);
            var articles = kb.ArticleCount;
            Console.WriteLine($"法规条文：{articles}");
            if (result.GetValue(expect) is { } n && n != articles) failures.Add($"articles {articles} ≠ {n}");
            if (failures.Count == 0) return 0;
            Console.Error.WriteLine("未达门槛：" + string.Join("，", failures));
            return 1;
        });
        return command;
    }

    private static Option<double?> Threshold(string name, string description) => new(name) { Description = description };
}
