using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PetitionBot.Bot.Conversation;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Knowledge;
using PetitionBot.Bot.Petitions;

namespace PetitionBot.Bench;

/// <summary>
/// One conversation turn end to end: load the state row from SQLite, run the dialog, save with the concurrency check.
/// The target (issue 3) is p99 ≤ 10 ms. Run: dotnet run -c Release --project bench -- --filter *ConversationTurn*
/// </summary>
[Config(typeof(TurnConfig))]
[MemoryDiagnoser]
public class ConversationTurnBenchmark
{
    private const string FormUser = "bench-form";
    private const string MenuUser = "bench-menu";
    private IHost _host = null!;
    private string _folder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "petitionbot-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Petitions"] = $"Data Source={Path.Combine(_folder, "bench.db")}",
            ["Knowledge:IndexPath"] = Path.Combine(_folder, "index"),
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddKnowledge();
        builder.AddPetitionDatabase();
        builder.AddPetitions();
        builder.AddConversation();
        _host = builder.Build();
        _host.StartAsync().GetAwaiter().GetResult();

        // A citizen at the ID step of the form; the transcript is filled to its cap so every turn saves the same size.
        Turn(FormUser, "我要反映问题").GetAwaiter().GetResult();
        Turn(FormUser, "张三").GetAwaiter().GetResult();
        for (var i = 0; i < 50; i++) InvalidIdAnswer().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.StopAsync().GetAwaiter().GetResult();
        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>A form step: the answer is checked (GB 11643) and refused with a reason; state saved.</summary>
    [Benchmark(Baseline = true)]
    public Task<IReadOnlyList<BotReply>> InvalidIdAnswer() => Turn(FormUser, "110101199003071230");

    /// <summary>A greeting: menu reply; state saved.</summary>
    [Benchmark]
    public Task<IReadOnlyList<BotReply>> Greeting() => Turn(MenuUser, "你好");

    private async Task<IReadOnlyList<BotReply>> Turn(string user, string text)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IConversationEngine>()
            .HandleAsync(new IncomingMessage("bench", user, text));
    }

    private sealed class TurnConfig : ManualConfig
    {
        public TurnConfig()
        {
            // In-process: the bot's content files (triage.json) are next to this assembly already.
            // One turn per iteration, so the percentiles are those of single turns, not of iteration averages.
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithWarmupCount(20)
                .WithIterationCount(300));
            AddColumn(StatisticColumn.P95, new P99Column());
        }
    }

    /// <summary>The 99th percentile of single-turn times, the figure the issue sets a limit on.</summary>
    private sealed class P99Column : IColumn
    {
        public string Id => "P99";
        public string ColumnName => "P99";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Statistics;
        public int PriorityInCategory => 10;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Time;
        public string Legend => "99th percentile of the time of one conversation turn";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
            GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var stats = summary[benchmarkCase]?.ResultStatistics;
            return stats is null ? "-" : $"{stats.Percentiles.Percentile(99) / 1_000_000.0:0.000} ms";
        }
    }
}
