using System.CommandLine;
using PetitionBot.Knowledge;
using Spectre.Console;

namespace PetitionBot.Indexer.Commands;

/// <summary>Options every command shares: where the statutes, the guide pack and the index are.</summary>
internal static class CommonOptions
{
    public static readonly Option<string[]> Corpus = new("--corpus")
    {
        Description = "法规原文目录（可重复），如 ../shared/corpus",
        AllowMultipleArgumentsPerToken = false,
        DefaultValueFactory = _ => [],
    };

    public static readonly Option<string> Index = new("--index")
    {
        Description = "索引目录",
        DefaultValueFactory = _ => Path.Combine("data", "index"),
    };

    public static readonly Option<string?> Pack = new("--pack") { Description = "知识包目录（默认随程序发布的 knowledge-pack）" };

    public static readonly Option<bool> Json = new("--json") { Description = "输出 JSON" };

    public static void AddTo(Command command)
    {
        command.Options.Add(Corpus);
        command.Options.Add(Index);
        command.Options.Add(Pack);
    }

    public static KnowledgeOptions Read(ParseResult result) => new()
    {
        CorpusPaths = [.. result.GetValue(Corpus) ?? []],
        IndexPath = result.GetValue(Index)!,
        GuidePackPath = result.GetValue(Pack),
    };

    /// <summary>Opens (building when needed) the knowledge base, reporting parse errors on stderr.</summary>
    public static KnowledgeBase Open(KnowledgeOptions options, bool force = false)
    {
        var kb = new KnowledgeBase();
        var report = kb.Load(options, forceRebuild: force);
        foreach (var error in report.Errors)
            Console.Error.WriteLine($"警告：{error.Message}");
        return kb;
    }
}
