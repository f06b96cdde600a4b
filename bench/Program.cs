using BenchmarkDotNet.Running;

namespace PetitionBot.Bench;

public static class BenchProgram
{
    public static void Main(string[] args)
    {
        if (args is ["latency", ..]) { LatencyProbe.Run(); return; }
        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
    }
}
