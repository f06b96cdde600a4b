using System.Diagnostics;
using PetitionBot.Knowledge;
using PetitionBot.Knowledge.Guides;
using PetitionBot.Knowledge.Indexing;

namespace PetitionBot.Bench;

/// <summary>
/// Per-call latency percentiles (BenchmarkDotNet reports per-iteration statistics, and the targets are per call):
/// `dotnet run -c Release --project bench -- latency`.
/// </summary>
internal static class LatencyProbe
{
    public static void Run()
    {
        var root = Directory.CreateTempSubdirectory("petitionbot-latency-").FullName;
        try
        {
            var corpus = BenchPaths.Corpus();
            var builds = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var sw = Stopwatch.StartNew();
                KnowledgeIndexBuilder.EnsureBuilt(Path.Combine(root, $"b{i}"), GuidePack.DefaultPath, [corpus], force: true);
                builds.Add(sw.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"index build (ms): {Summary(builds)}");

            using var kb = new KnowledgeBase();
            var folder = kb.Load(new KnowledgeOptions { CorpusPaths = [corpus], IndexPath = Path.Combine(root, "b0") }).Folder;
            var questions = QueryBenchmarks.Questions.Concat(ExtraQuestions).ToArray();
            Measure("search+highlight", questions, q => kb.Search(q, 10));
            Measure("ask", questions, q => kb.Ask(q));
            // Every real question once: none comes from the answer cache. The first pass is a fresh process's; the
            // second asks them again of a newly opened index (an empty cache) once the code has been compiled for speed,
            // as in a bot that has been answering for a while.
            var real = BenchPaths.RealQuestions();
            Console.WriteLine($"ask, real questions each once, uncached, first pass (ms): {Summary(AskEach(kb, real))}");
            for (var i = 0; i < 3; i++)
            {
                using var warming = Opened(folder);
                AskEach(warming, real);
            }
            using var again = Opened(folder);
            Console.WriteLine($"ask, real questions each once, uncached, warm process (ms): {Summary(AskEach(again, real))}");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static KnowledgeBase Opened(string folder)
    {
        var kb = new KnowledgeBase();
        kb.Open(folder);
        return kb;
    }

    private static List<double> AskEach(KnowledgeBase kb, IEnumerable<string> questions)
    {
        var samples = new List<double>();
        foreach (var q in questions)
        {
            var start = Stopwatch.GetTimestamp();
            kb.Ask(q);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return samples;
    }

    private static readonly string[] ExtraQuestions =
    [
        "信访事项多长时间办结", "第三十五条", "网购七天无理由退货是消法哪条", "邻居盖房把排水沟堵了", "派出所罚了我500块不服",
        "法院判我输了还能上访吗", "被拘留了能不能先别关", "复查要多少天", "匿名反映问题行不行", "承包地被收回去了",
    ];

    private static void Measure(string name, string[] questions, Action<string> action)
    {
        for (var i = 0; i < 300; i++) action(questions[i % questions.Length]); // warm-up: JIT and caches
        var samples = new List<double>();
        for (var i = 0; i < 3000; i++)
        {
            var q = questions[i % questions.Length];
            var start = Stopwatch.GetTimestamp();
            action(q);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        Console.WriteLine($"{name} (ms): {Summary(samples)}");
    }

    private static string Summary(List<double> samples)
    {
        samples.Sort();
        double P(double p) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(p * samples.Count) - 1)];
        return $"n={samples.Count} p50={P(0.50):F2} p95={P(0.95):F2} p99={P(0.99):F2} max={samples[^1]:F2}";
    }
}
