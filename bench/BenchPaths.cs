namespace PetitionBot.Bench;

/// <summary>Finds the statute corpus beside the clone (../shared/corpus) or from PETITIONBOT_CORPUS.</summary>
internal static class BenchPaths
{
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
