using BenchmarkDotNet.Running;

namespace PetitionBot.Bench;

public static class BenchProgram
{
    public static int Main(string[] args)
    {
        if (args is ["latency", ..]) { LatencyProbe.Run(); return 0; }
        if (args is ["office", ..]) return OfficeProbe.RunAsync(args[1..]).GetAwaiter().GetResult();
        if (args is ["seed", ..]) return Seed.SeedCommand.RunAsync(args[1..]).GetAwaiter().GetResult();
        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
        return 0;
    }
}
