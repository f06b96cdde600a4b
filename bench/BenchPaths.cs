namespace PetitionBot.Bench;

/// <summary>Finds the statute corpus beside the clone (../shared/corpus) or from PETITIONBOT_CORPUS.</summary>
internal static class BenchPaths
{
    /// <summary>The real-question sets' questions (knowledge/eval/real-*.jsonl).</summary>
    public static IReadOnlyList<string> RealQuestions()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var eval = Path.Combine(dir.FullName, "knowledge", "eval");
            if (File.Exists(Path.Combine(dir.FullName, "PetitionBot.sln")) && Directory.Exists(eval))
                return Directory.EnumerateFiles(eval, "real-*.jsonl").Order(StringComparer.Ordinal)
                    .SelectMany(File.ReadLines).Where(l => l.Length > 0)
                    .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("question").GetString()!).ToList();
        }
        return [];
    }

    public static string Corpus()
    {
        if (Environment.GetEnvironmentVariable("PETITIONBOT_CORPUS") is { Length: > 0 } configured) return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PetitionBot.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus"));
        }
        throw new DirectoryNotFoundException("Set PETITIONBOT_CORPUS to the statute corpus folder.");
    }
}
