using System.Diagnostics;
using PetitionBot.Bot.Llm;
using PetitionBot.Tests.Hosting;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Llm;

/// <summary>
/// <c>indexer eval --llm</c> as someone with a real model server would type it, against the loopback fake: the figures
/// of the answers given through the model beside the extractive ones, computed on what the grounding check let through.
/// </summary>
public sealed class EvalWithModelTests : IAsyncLifetime
{
    // The fixture statute 示例街道议事规则 第十条: 居委会……应当在十五日内答复提出人。
    private const string GoodReply = "居委会收到您的意见后，应当在十五日内答复您（《示例街道议事规则》第十条）。";
    private const string LyingReply = "居委会应当在十五日内答复（《示例街道议事规则》第十条），逾期不答复的可以直接起诉（《示例街道议事规则》第九十九条）。";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "petitionbot-evalllm-" + Guid.NewGuid().ToString("N"));
    private FakeChatServer _model = null!;

    private string Gold => Path.Combine(_folder, "tiny.jsonl");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        // One question the fixture statute answers, one out of scope that retrieval abstains on.
        await File.WriteAllLinesAsync(Gold,
        [
            """{"id": "t1", "kind": "article", "question": "示例街道议事规则第十条", "expect": [{"file": "shili-yishi-guize.md", "article": 10}], "routes": []}""",
            """{"id": "t2", "kind": "abstain", "question": "明天的天气怎么样", "expect": [], "routes": []}""",
        ]);
        _model = await FakeChatServer.StartAsync();
    }

    /// <summary>The model answers every grounded-answer request with <paramref name="reply"/>; a rewrite request gets 无关.</summary>
    private void ModelAnswers(string reply) =>
        _model.Respond = request => FakeChatServer.Reply(request.System == GroundedAnswers.RewritePrompt ? "无关" : reply);

    [Fact]
    public async Task A_grounded_reply_is_counted_as_the_models_and_both_columns_are_printed()
    {
        ModelAnswers(GoodReply);

        var (exitCode, output) = await EvalAsync("--llm", "--endpoint", _model.Endpoint, "--model", "test-model");

        Assert.Equal(0, exitCode);
        Assert.Contains("抽取式", output);
        Assert.Contains("经模型", output);
        var (extractive, withModel) = Figures(output);
        Assert.Equal(extractive, withModel);
        Assert.Contains("llm_used=0.500", output); // the article question; the out-of-scope one stays an abstention
        Assert.Matches(@"tiny\[llm\]: .* calls=2 failures=0 ", output);
    }

    [Fact]
    public async Task A_model_that_invents_an_article_changes_no_figure()
    {
        ModelAnswers(LyingReply);

        var (exitCode, output) = await EvalAsync("--llm", "--endpoint", _model.Endpoint, "--model", "test-model");

        Assert.Equal(0, exitCode);
        var (extractive, withModel) = Figures(output);
        Assert.Equal(extractive, withModel);
        Assert.Contains("llm_used=0.000", output);
        Assert.Contains("核验未通过", output);
        Assert.NotEmpty(_model.Requests);
    }

    [Fact]
    public async Task Without_llm_no_model_is_asked_and_no_model_column_is_printed()
    {
        ModelAnswers(GoodReply);

        var (exitCode, output) = await EvalAsync();

        Assert.Equal(0, exitCode);
        Assert.Contains("tiny: items=2 recall@1=1.000", output);
        Assert.DoesNotContain("[llm]", output);
        Assert.DoesNotContain("经模型", output);
        Assert.Empty(_model.Requests);
    }

    [Fact]
    public async Task A_missing_model_name_is_refused_with_the_setting_to_give()
    {
        var (exitCode, output) = await EvalAsync("--llm", "--endpoint", _model.Endpoint);

        Assert.Equal(2, exitCode);
        Assert.Contains("Llm:Model", output);
    }

    /// <summary>The figures of the extractive line and of the model's line, without the model's own counts.</summary>
    private static (string Extractive, string WithModel) Figures(string output) =>
        (FiguresLine(output, "tiny: "), FiguresLine(output, "tiny[llm]: ").Split(" llm_used=")[0]);

    private static string FiguresLine(string output, string prefix) =>
        output.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..].Trim();

    private async Task<(int ExitCode, string Output)> EvalAsync(params string[] extra)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryProcess.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Wide enough that the comparison table is not wrapped in a pipe.
        info.Environment["COLUMNS"] = "200";
        foreach (var a in new[] { "run", "--project", "indexer", "--no-build", "--", "eval", "--corpus", "tests/Fixtures/corpus",
                     "--index", Path.Combine(_folder, "index"), "--gold", Gold, "--timeout", "00:00:05" }.Concat(extra))
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public async Task DisposeAsync()
    {
        await _model.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
