namespace PetitionBot.Bot.Hosting;

/// <summary>
/// Where the bot looks for its files. Relative paths in settings (corpus, index, guide pack, SQLite file) are resolved
/// from the directory the bot was started in, the process's current directory. The content root (appsettings.json,
/// wwwroot) is that directory when it holds an appsettings.json (a published bot started in its folder), otherwise the
/// application's own folder, where the build copies appsettings.json: so `dotnet run --project bot` from the repository
/// root finds both the settings and the paths typed relative to the root.
/// </summary>
public static class StartFolders
{
    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args,
        ContentRootPath = ContentRootGiven(args) ? null : ContentRoot(Directory.GetCurrentDirectory(), AppContext.BaseDirectory),
    };

    /// <summary>The start directory when it has the settings file, else the application folder.</summary>
    internal static string? ContentRoot(string startDirectory, string applicationFolder) =>
        File.Exists(Path.Combine(startDirectory, "appsettings.json")) || !File.Exists(Path.Combine(applicationFolder, "appsettings.json"))
            ? null
            : applicationFolder;

    private static bool ContentRootGiven(string[] args) =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"))
        || args.Any(a => a.Contains("contentRoot", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A path as the bot resolves it, and, when it does not exist, the absolute path of a folder that does and was
    /// probably meant (the same relative path from the application folder or a parent of the start directory).
    /// </summary>
    public static (string Resolved, string? Suggestion) Resolve(string path, string? startDirectory = null)
    {
        startDirectory ??= Directory.GetCurrentDirectory();
        var resolved = Path.GetFullPath(path, startDirectory);
        if (Directory.Exists(resolved) || Path.IsPathRooted(path)) return (resolved, null);
        var candidates = new List<string> { AppContext.BaseDirectory };
        for (var dir = Directory.GetParent(startDirectory); dir is not null && candidates.Count < 5; dir = dir.Parent)
            candidates.Add(dir.FullName);
        var found = candidates.Select(c => Path.GetFullPath(path, c)).FirstOrDefault(Directory.Exists);
        return (resolved, found);
    }
}
