using System.Text.Json;
using System.Text.Json.Serialization;

namespace PetitionBot.Knowledge.Statutes;

/// <summary>The statutes loaded from the configured corpus folders, plus the files that failed to parse.</summary>
public sealed record StatuteCorpus(IReadOnlyList<StatuteDocument> Documents, IReadOnlyList<StatuteFormatException> Errors)
{
    public static readonly StatuteCorpus Empty = new([], []);

    public int ArticleCount => Documents.Sum(d => d.Articles.Count);

    /// <summary>Reads every *.md of each folder (titles from manifest.json when present); a bad file is reported, not fatal.</summary>
    public static StatuteCorpus Load(IEnumerable<string> folders)
    {
        var documents = new List<StatuteDocument>();
        var errors = new List<StatuteFormatException>();
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder))
                throw new DirectoryNotFoundException($"Statute corpus folder '{Path.GetFullPath(folder)}' does not exist (Knowledge:CorpusPaths).");
            var titles = ReadManifest(folder);
            foreach (var path in Directory.EnumerateFiles(folder, "*.md").Order(StringComparer.Ordinal))
            {
                var file = Path.GetFileName(path);
                if (file.Equals("README.md", StringComparison.OrdinalIgnoreCase)) continue;
                try
                {
                    documents.Add(StatuteParser.Parse(file, File.ReadAllText(path), titles.GetValueOrDefault(file)));
                }
                catch (StatuteFormatException e)
                {
                    errors.Add(e);
                }
            }
        }
        return new StatuteCorpus(documents, errors);
    }

    /// <summary>The files and their sizes and dates, so the index knows when to rebuild.</summary>
    public static IEnumerable<string> SourceFiles(IEnumerable<string> folders) =>
        folders.Where(Directory.Exists)
            .SelectMany(f => Directory.EnumerateFiles(f, "*.md").Append(Path.Combine(f, "manifest.json")))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal);

    private static Dictionary<string, string> ReadManifest(string folder)
    {
        var path = Path.Combine(folder, "manifest.json");
        if (!File.Exists(path)) return [];
        var manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(path), JsonOptions);
        return manifest?.Documents?.Where(d => d.File is not null && d.Title is not null)
            .ToDictionary(d => d.File!, d => d.Title!) ?? [];
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private sealed record Manifest([property: JsonPropertyName("documents")] List<ManifestEntry>? Documents);
    private sealed record ManifestEntry(string? File, string? Title);
}
