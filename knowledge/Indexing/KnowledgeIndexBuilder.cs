using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using PetitionBot.Knowledge.Guides;
using PetitionBot.Knowledge.Statutes;
using Directory = System.IO.Directory;

namespace PetitionBot.Knowledge.Indexing;

/// <summary>What went into an index build.</summary>
public sealed record IndexBuildReport(string Folder, string ContentHash, bool Rebuilt, int Articles, int Guides,
    IReadOnlyList<StatuteFormatException> Errors);

/// <summary>
/// Builds the Lucene index into a fresh folder and then points "current" at it with an atomic rename,
/// so a reader never sees a half-built index. A content hash of all sources decides whether to rebuild.
/// </summary>
public static class KnowledgeIndexBuilder
{
    /// <summary>Bump when the index layout changes so old indexes are rebuilt.</summary>
    private const string SchemaVersion = "petitionbot-index-v6";
    private const string PointerFile = "current";
    /// <summary>The source files' stamps at the last hash, and that hash.</summary>
    private const string StampFile = "sources.stamps";

    /// <summary>The folder the pointer names, or null when no index was built yet.</summary>
    public static string? CurrentFolder(string indexPath)
    {
        var pointer = Path.Combine(indexPath, PointerFile);
        if (!File.Exists(pointer)) return null;
        var folder = Path.Combine(indexPath, File.ReadAllText(pointer).Trim());
        return Directory.Exists(folder) ? folder : null;
    }

    public static string ContentHash(string guidePackPath, IEnumerable<string> corpusPaths) =>
        ContentHash(SourceFiles(guidePackPath, corpusPaths));

    private static List<string> SourceFiles(string guidePackPath, IEnumerable<string> corpusPaths) =>
        GuidePack.SourceFiles(guidePackPath).Concat(StatuteCorpus.SourceFiles(corpusPaths)).ToList();

    private static string ContentHash(IEnumerable<string> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(SchemaVersion));
        foreach (var file in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file)));
            sha.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    /// <summary>
    /// The content hash, read back from the last start when every source file has the same path, size and modification
    /// time as then (the way make and rsync decide), so an unchanged start reads no source file.
    /// </summary>
    internal static string StampedContentHash(string indexPath, string guidePackPath, IEnumerable<string> corpusPaths)
    {
        var files = SourceFiles(guidePackPath, corpusPaths);
        var stamps = SchemaVersion + "\n" + string.Join("\n", files.Select(f =>
        {
            var info = new FileInfo(f);
            return $"{Path.GetFullPath(f)}\t{info.Length}\t{info.LastWriteTimeUtc.Ticks}";
        }));
        var stampFile = Path.Combine(indexPath, StampFile);
        try
        {
            var stored = File.ReadAllText(stampFile);
            var newline = stored.IndexOf('\n');
            if (newline > 0 && stored.AsSpan(newline + 1).SequenceEqual(stamps)) return stored[..newline];
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }

        var hash = ContentHash(files);
        try
        {
            Directory.CreateDirectory(indexPath);
            var temp = Path.Combine(indexPath, $"{StampFile}.{Guid.NewGuid():N}.tmp");
            File.WriteAllText(temp, hash + "\n" + stamps);
            File.Move(temp, stampFile, overwrite: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return hash;
    }

    /// <summary>Builds when the sources changed (or force), otherwise keeps the current index.</summary>
    public static IndexBuildReport EnsureBuilt(string indexPath, string guidePackPath, IReadOnlyList<string> corpusPaths,
        bool force = false, IProgress<IndexBuildProgress>? progress = null)
    {
        var hash = force ? ContentHash(guidePackPath, corpusPaths) : StampedContentHash(indexPath, guidePackPath, corpusPaths);
        var name = "idx-" + hash;
        var target = Path.Combine(indexPath, name);
        // A folder named after the hash only ever appears by a rename after a complete build, so it is reusable as is.
        if (!force && Directory.Exists(target))
        {
            PointAt(indexPath, name);
            return new IndexBuildReport(target, hash, false, 0, 0, []);
        }

        progress?.Report(new("读取知识包", 0, 0));
        var pack = GuidePack.Load(guidePackPath);
        progress?.Report(new("解析法规原文", 0, 0));
        var corpus = StatuteCorpus.Load(corpusPaths);

        Directory.CreateDirectory(indexPath);
        var temp = Path.Combine(indexPath, "tmp-" + Guid.NewGuid().ToString("N"));
        Write(temp, pack, corpus, progress);

        if (force && Directory.Exists(target))
        {
            // A forced rebuild replaces the folder under a fresh name first, so readers of the old one are not cut off.
            var retired = Path.Combine(indexPath, "old-" + Guid.NewGuid().ToString("N"));
            Directory.Move(target, retired);
        }
        try
        {
            Directory.Move(temp, target);
        }
        catch (IOException) when (Directory.Exists(target))
        {
            // Another process built the same content at the same moment: use theirs.
            Directory.Delete(temp, recursive: true);
        }
        PointAt(indexPath, name);
        RemoveStale(indexPath, name);
        return new IndexBuildReport(target, hash, true, corpus.ArticleCount, pack.Entries.Count, corpus.Errors);
    }

    private static void PointAt(string indexPath, string name)
    {
        var pointerTemp = Path.Combine(indexPath, $"{PointerFile}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(pointerTemp, name);
        File.Move(pointerTemp, Path.Combine(indexPath, PointerFile), overwrite: true);
    }

    private static void Write(string folder, GuidePack pack, StatuteCorpus corpus, IProgress<IndexBuildProgress>? progress)
    {
        // Counted in articles and guides, the units the build command shows; reported every 100 so the bar moves.
        var total = corpus.ArticleCount + pack.Entries.Count;
        var done = 0;
        void Step()
        {
            if (++done % 100 == 0 || done == total) progress?.Report(new("写入索引", done, total));
        }
        progress?.Report(new("写入索引", 0, total));
        using var analyzer = IndexFields.CreateAnalyzer();
        using var dir = FSDirectory.Open(folder);
        var config = new IndexWriterConfig(IndexFields.Version, analyzer)
        {
            OpenMode = OpenMode.CREATE,
            Similarity = new BM25Similarity(),
            RAMBufferSizeMB = 64,
        };
        using var writer = new IndexWriter(dir, config);

        var highlightable = new FieldType(TextField.TYPE_STORED)
        {
            StoreTermVectors = true,
            StoreTermVectorPositions = true,
            StoreTermVectorOffsets = true,
        };
        highlightable.Freeze();

        foreach (var document in corpus.Documents)
        foreach (var article in document.Articles)
        {
            writer.AddDocument(new Document
            {
                new StringField(IndexFields.Type, "article", Field.Store.YES),
                new StringField(IndexFields.File, article.DocumentFile, Field.Store.YES),
                new Int32Field(IndexFields.Number, article.Number, Field.Store.YES),
                new StringField(IndexFields.Id, $"{article.DocumentFile}#{article.Number}", Field.Store.NO),
                new Field(IndexFields.Text, article.Text, highlightable),
                new TextField(IndexFields.TextBigrams, article.Text, Field.Store.NO),
                new TextField(IndexFields.Title, article.Path, Field.Store.NO),
                new StoredField(IndexFields.Json, JsonSerializer.Serialize(article)),
            });
            Step();
        }

        foreach (var entry in pack.Entries)
        {
            var questions = string.Join("\n", entry.Questions);
            var doc = new Document
            {
                new StringField(IndexFields.Type, "guide", Field.Store.YES),
                new StringField(IndexFields.Id, entry.Id, Field.Store.YES),
                new TextField(IndexFields.Title, entry.Title, Field.Store.NO),
                new TextField(IndexFields.TitleBigrams, entry.Title, Field.Store.NO),
                new TextField(IndexFields.Questions, questions, Field.Store.NO),
                new TextField(IndexFields.QuestionsBigrams, questions, Field.Store.NO),
                new Field(IndexFields.Text, entry.Body, highlightable),
                new TextField(IndexFields.TextBigrams, entry.Body, Field.Store.NO),
                new StoredField(IndexFields.Json, JsonSerializer.Serialize(entry)),
            };
            foreach (var cite in entry.Cites) doc.Add(new StringField(IndexFields.Cites, cite.ToString(), Field.Store.NO));
            writer.AddDocument(doc);
            Step();

            // Each alternate phrasing is also a document of its own, as in a QnA knowledge base: one close
            // phrasing should count fully, not be diluted by the length of the whole list.
            foreach (var question in entry.Questions)
            {
                writer.AddDocument(new Document
                {
                    new StringField(IndexFields.Type, "question", Field.Store.YES),
                    new StringField(IndexFields.Id, entry.Id, Field.Store.YES),
                    new TextField(IndexFields.Questions, question, Field.Store.NO),
                    new TextField(IndexFields.QuestionsBigrams, question, Field.Store.NO),
                });
            }
        }

        // Real questions are phrasings of the articles that answer them (or of the department they were referred to),
        // searched like our own phrasings.
        foreach (var asked in pack.Asked)
        {
            writer.AddDocument(new Document
            {
                new StringField(IndexFields.Type, "asked", Field.Store.YES),
                new TextField(IndexFields.Questions, asked.Question, Field.Store.NO),
                new TextField(IndexFields.QuestionsBigrams, asked.Question, Field.Store.NO),
                new StoredField(IndexFields.Json, JsonSerializer.Serialize(asked)),
            });
        }

        // Directory facts ride along so a reader needs nothing but the index.
        writer.AddDocument(new Document
        {
            new StringField(IndexFields.Type, "meta", Field.Store.YES),
            new StoredField(IndexFields.Json, JsonSerializer.Serialize(new IndexMeta(pack.Documents, pack.Thesaurus.Lines, pack.Scope.Lines,
                corpus.Documents.Select(d => new DocumentInfo(d.File, d.Title, [], false)).ToList(),
                pack.AspectLines, pack.PinyinLines, pack.ReferralsJson, pack.Asked.Where(a => a.Referral is not null).ToList(),
                DomainWords(analyzer, pack), pack.TraditionalLines))),
        });
        progress?.Report(new("提交索引", total, total));
        writer.Commit();
    }

    /// <summary>
    /// The two-character words of our own phrasings, one entry per use: the terms a typed homophone may be corrected to.
    /// Segmenting thousands of phrasings takes seconds, so it is done here, once per build, not when the index opens.
    /// </summary>
    private static IReadOnlyList<string> DomainWords(Lucene.Net.Analysis.Analyzer analyzer, GuidePack pack) =>
        pack.Entries.SelectMany(g => g.Questions.Append(g.Title)).Concat(pack.Thesaurus.Lines)
            .SelectMany(t => IndexFields.Words(analyzer, t)).Where(w => w.Length == 2).ToList();

    /// <summary>Removes leftovers an hour old: earlier indexes, retired ones and builds that died half-way.</summary>
    private static void RemoveStale(string indexPath, string keep)
    {
        var cutoff = DateTime.UtcNow.AddHours(-1);
        foreach (var folder in Directory.EnumerateDirectories(indexPath))
        {
            var name = Path.GetFileName(folder);
            if (name == keep || !(name.StartsWith("idx-") || name.StartsWith("tmp-") || name.StartsWith("old-"))) continue;
            try
            {
                if (Directory.GetLastWriteTimeUtc(folder) < cutoff) Directory.Delete(folder, recursive: true);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}

/// <summary>How far a build is: a stage, and for 写入索引 the articles and guides written out of the total.</summary>
public sealed record IndexBuildProgress(string Stage, int Done, int Total);

/// <summary>Stored with the index: the statute directory, the thesaurus and the titles of the loaded statutes.</summary>
public sealed record IndexMeta(IReadOnlyList<DocumentInfo> Documents, IReadOnlyList<string> Thesaurus, IReadOnlyList<string> OutOfScope,
    IReadOnlyList<DocumentInfo> Loaded, IReadOnlyList<string>? Aspects = null, IReadOnlyList<string>? Pinyin = null, string? Referrals = null,
    IReadOnlyList<AskedQuestion>? Referred = null, IReadOnlyList<string>? DomainWords = null, IReadOnlyList<string>? Traditional = null);
