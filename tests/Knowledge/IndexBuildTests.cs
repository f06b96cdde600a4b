using PetitionBot.Knowledge;
using PetitionBot.Knowledge.Guides;
using PetitionBot.Knowledge.Indexing;

namespace PetitionBot.Tests.Knowledge;

public class IndexBuildTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("petitionbot-idx-").FullName;

    private string CopyFixtureCorpus()
    {
        var corpus = Path.Combine(_root, "corpus");
        Directory.CreateDirectory(corpus);
        foreach (var f in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "corpus")))
            File.Copy(f, Path.Combine(corpus, Path.GetFileName(f)));
        return corpus;
    }

    [Fact]
    public void Unchanged_sources_reuse_the_index_and_changed_sources_swap_in_a_new_one()
    {
        var corpus = CopyFixtureCorpus();
        var index = Path.Combine(_root, "index");
        var first = KnowledgeIndexBuilder.EnsureBuilt(index, GuidePack.DefaultPath, [corpus]);
        var again = KnowledgeIndexBuilder.EnsureBuilt(index, GuidePack.DefaultPath, [corpus]);
        Assert.True(first.Rebuilt);
        Assert.False(again.Rebuilt);
        Assert.Equal(first.Folder, KnowledgeIndexBuilder.CurrentFolder(index));

        File.AppendAllText(Path.Combine(corpus, "shili-yishi-guize.md"), "\n第十二条 本规则自印发之日起施行。\n");
        var changed = KnowledgeIndexBuilder.EnsureBuilt(index, GuidePack.DefaultPath, [corpus]);
        Assert.True(changed.Rebuilt);
        Assert.NotEqual(first.Folder, changed.Folder);
        Assert.Equal(changed.Folder, KnowledgeIndexBuilder.CurrentFolder(index));
        Assert.Equal(6, changed.Articles);
    }

    [Fact]
    public void An_edit_that_keeps_the_file_size_still_rebuilds_the_index()
    {
        // Start-up trusts size and modification time instead of re-reading every source; an edit of the same length
        // (one character for another) must still be seen.
        var corpus = CopyFixtureCorpus();
        var index = Path.Combine(_root, "index");
        var first = KnowledgeIndexBuilder.EnsureBuilt(index, GuidePack.DefaultPath, [corpus]);
        var file = Path.Combine(corpus, "shili-yishi-guize.md");
        var text = File.ReadAllText(file);
        var at = text.IndexOf("议事", StringComparison.Ordinal);
        File.WriteAllText(file, text[..at] + "协商" + text[(at + 2)..]);
        File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file).AddSeconds(2));

        var changed = KnowledgeIndexBuilder.EnsureBuilt(index, GuidePack.DefaultPath, [corpus]);

        Assert.True(changed.Rebuilt);
        Assert.NotEqual(first.Folder, changed.Folder);
    }

    [Fact]
    public void Open_knowledge_base_keeps_answering_while_a_rebuild_swaps_in()
    {
        var corpus = CopyFixtureCorpus();
        var options = new KnowledgeOptions { CorpusPaths = [corpus], IndexPath = Path.Combine(_root, "index") };
        using var kb = new KnowledgeBase();
        kb.Load(options);
        Assert.Equal(5, kb.ArticleCount);

        File.AppendAllText(Path.Combine(corpus, "shili-yishi-guize.md"), "\n第十二条 本规则自印发之日起施行。\n");
        kb.Load(options);
        Assert.Equal(6, kb.ArticleCount);
        Assert.False(kb.Ask("示例街道议事规则第十二条").Abstained);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
