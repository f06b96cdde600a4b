using System.Text.Json;

namespace PetitionBot.Knowledge.Guides;

/// <summary>Our own knowledge pack: guides, the statute directory and the thesaurus.</summary>
public sealed record GuidePack(
    IReadOnlyList<GuideEntry> Entries,
    IReadOnlyList<DocumentInfo> Documents,
    Thesaurus Thesaurus,
    ScopeGuard Scope,
    IReadOnlyList<string> AspectLines,
    IReadOnlyList<string> PinyinLines,
    IReadOnlyList<string> TraditionalLines,
    string? ReferralsJson,
    IReadOnlyList<AskedQuestion> Asked)
{
    /// <summary>The pack copied next to the binaries (knowledge-pack/).</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "knowledge-pack");

    public static IEnumerable<string> SourceFiles(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : [];

    public static GuidePack Load(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Knowledge pack folder '{Path.GetFullPath(folder)}' does not exist (Knowledge:GuidePackPath).");

        var entries = new List<GuideEntry>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var file = Path.GetRelativePath(folder, path);
            var (f, body) = FrontMatter.Split(File.ReadAllText(path), file);
            string One(string key) => f.TryGetValue(key, out var v) && v.Count > 0 ? v[0]
                : throw new FormatException($"{file}: front matter needs '{key}'.");
            string? Optional(string key) => f.TryGetValue(key, out var v) && v.Count > 0 ? string.Join(" ", v) : null;
            List<string> List(string key) => f.TryGetValue(key, out var v) ? v : [];

            entries.Add(new GuideEntry(
                One("id"), One("kind"), One("title"),
                List("routes"),
                List("cites").Select(ArticleRef.Parse).ToList(),
                List("questions"),
                body, Optional("handler"), Optional("deadline"), file));
        }

        var documentsPath = Path.Combine(folder, "documents.json");
        var documents = File.Exists(documentsPath)
            ? JsonSerializer.Deserialize<DocumentsFile>(File.ReadAllText(documentsPath), JsonOptions)?.Documents ?? []
            : [];
        var thesaurusPath = Path.Combine(folder, "thesaurus.txt");
        var thesaurus = File.Exists(thesaurusPath) ? Thesaurus.Parse(File.ReadAllLines(thesaurusPath)) : Thesaurus.Empty;
        var scopePath = Path.Combine(folder, "out-of-scope.txt");
        var scope = File.Exists(scopePath) ? ScopeGuard.Parse(File.ReadAllLines(scopePath)) : ScopeGuard.Empty;
        string[] Lines(string name) => File.Exists(Path.Combine(folder, name)) ? File.ReadAllLines(Path.Combine(folder, name)) : [];
        var referralsPath = Path.Combine(folder, "referrals.json");
        var referrals = File.Exists(referralsPath) ? File.ReadAllText(referralsPath) : null;
        if (referrals is not null) Referrals.ReferralCatalog.Parse(referrals); // a broken catalogue fails the build, not a question
        var asked = Directory.Exists(Path.Combine(folder, "learn"))
            ? Directory.EnumerateFiles(Path.Combine(folder, "learn"), "*.jsonl").Order(StringComparer.Ordinal).SelectMany(AskedQuestion.Read).ToList()
            : [];
        return new GuidePack(entries, documents, thesaurus, scope, Lines("aspects.txt"), Lines("pinyin.txt"), Lines("traditional.txt"),
            referrals, asked);
    }

    internal static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private sealed record DocumentsFile(List<DocumentInfo> Documents);
}
