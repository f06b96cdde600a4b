using BenchmarkDotNet.Attributes;
using PetitionBot.Knowledge;
using PetitionBot.Knowledge.Guides;
using PetitionBot.Knowledge.Indexing;

namespace PetitionBot.Bench;

/// <summary>Index build over the full statute corpus plus the guide pack.</summary>
[MemoryDiagnoser]
public class IndexBuildBenchmark
{
    private string _corpus = "";
    private string _root = "";

    [GlobalSetup]
    public void Setup()
    {
        _corpus = BenchPaths.Corpus();
        _root = Directory.CreateTempSubdirectory("petitionbot-bench-").FullName;
    }

    [Benchmark]
    public int BuildIndex() =>
        KnowledgeIndexBuilder.EnsureBuilt(Path.Combine(_root, Guid.NewGuid().ToString("N")), GuidePack.DefaultPath, [_corpus], force: true).Articles;

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);
}

/// <summary>Per-query latency of search with highlighting and of a composed answer.</summary>
[MemoryDiagnoser]
public class QueryBenchmarks
{
    private KnowledgeBase _kb = null!;
    private string _root = "";

    public static IEnumerable<string> Questions =>
    [
        "复核期限",
        "民诉法第一百七十一条",
        "我们公司拖欠了我三个月工资怎么办",
        "对处理意见不服还能找谁",
        "明天会下雨吗",
    ];

    [ParamsSource(nameof(Questions))]
    public string Question { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("petitionbot-bench-").FullName;
        _kb = new KnowledgeBase();
        _kb.Load(new KnowledgeOptions { CorpusPaths = [BenchPaths.Corpus()], IndexPath = _root });
    }

    [Benchmark]
    public int SearchWithHighlight() => _kb.Search(Question, 10).Hits.Count;

    [Benchmark]
    public int Ask() => _kb.Ask(Question).Citations.Count;

    [GlobalCleanup]
    public void Cleanup()
    {
        _kb.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
