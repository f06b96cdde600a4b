using System.CommandLine;
using PetitionBot.Knowledge;
using Spectre.Console;

namespace PetitionBot.Indexer.Commands;

internal static class BuildCommand
{
    public static Command Create()
    {
        var force = new Option<bool>("--force") { Description = "即使内容未变也重建" };
        var expect = new Option<int?>("--expect-articles") { Description = "法规条文数不等于该值时以非零状态退出" };
        var command = new Command("build", "建立（或按内容哈希复用）Lucene 索引");
        CommonOptions.AddTo(command);
        command.Options.Add(force);
        command.Options.Add(expect);
        command.SetAction(result =>
        {
            var options = CommonOptions.Read(result);
            var kb = new KnowledgeBase();
            Knowledge.Indexing.IndexBuildReport? report = null;
            AnsiConsole.Progress().Start(ctx =>
            {
                var task = ctx.AddTask("建立索引");
                task.IsIndeterminate = true;
                // Reported on the building thread, so the bar follows the build, not a queue of posted updates.
                report = kb.Load(options, new ImmediateProgress<Knowledge.Indexing.IndexBuildProgress>(p =>
                {
                    task.Description = p.Stage;
                    if (p.Total <= 0) return;
                    task.IsIndeterminate = false;
                    task.MaxValue = p.Total;
                    task.Value = p.Done;
                }), result.GetValue(force));
                task.Value = task.MaxValue;
            });
            foreach (var error in report!.Errors) Console.Error.WriteLine($"警告：{error.Message}");
            Console.WriteLine(report.Rebuilt
                ? $"已建立索引 {report.Folder}：法规条文 {report.Articles} 条，知识条目 {report.Guides} 篇"
                : $"内容未变，沿用索引 {report.Folder}");
            var articles = kb.ArticleCount;
            Console.WriteLine($"索引中的法规条文：{articles}");
            if (result.GetValue(expect) is { } n && n != articles)
            {
                Console.Error.WriteLine($"条文数 {articles} 与期望的 {n} 不符");
                return 1;
            }
            return report.Errors.Count > 0 ? 2 : 0;
        });
        return command;
    }
}

/// <summary>Calls the handler at once on the reporting thread (Progress&lt;T&gt; posts to the thread pool, out of order).</summary>
internal sealed class ImmediateProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
