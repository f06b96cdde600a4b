using PetitionBot.Knowledge;

namespace PetitionBot.Tests.Knowledge;

/// <summary>What an answer cites, with only the guide pack (no statute texts) and with the official texts when present.</summary>
public sealed class CitationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("petitionbot-cite-").FullName;

    [Fact]
    public void Without_statutes_the_handling_time_question_cites_only_the_petition_regulation_article_34_first()
    {
        using var kb = new KnowledgeBase();
        kb.Load(new KnowledgeOptions { IndexPath = Path.Combine(_root, "index") });

        var answer = kb.Ask("信访事项多长时间办结");

        Assert.NotEmpty(answer.Citations);
        Assert.Equal("第三十四条", answer.Citations[0].Article);
        Assert.All(answer.Citations, c => Assert.Equal("信访工作条例", c.Document));
    }

    [Fact]
    public void With_the_official_statutes_the_handling_time_question_cites_only_the_petition_regulation()
    {
        var shared = Path.GetFullPath(Path.Combine(Hosting.RepositoryProcess.Root, "..", "shared", "corpus"));
        if (!Directory.Exists(shared)) return; // the 17 texts live beside the clone (CI and the team's machines)
        using var kb = new KnowledgeBase();
        kb.Load(new KnowledgeOptions { CorpusPaths = [shared], IndexPath = Path.Combine(Path.GetTempPath(), "petitionbot-tests-shared-index") });

        var answer = kb.Ask("信访事项多长时间办结");

        Assert.Equal("第三十四条", answer.Citations[0].Article);
        Assert.All(answer.Citations, c => Assert.Equal("信访工作条例", c.Document));
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
