using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Llm;

/// <summary>
/// A question retrieval could not place is put in statute terms by the model and searched again; only a grounded reply
/// whose citations are verified against what that search found reaches the citizen, within the one Llm:Timeout.
/// </summary>
public class QuestionRewriteTests(LlmApiFactory factory) : IClassFixture<LlmApiFactory>
{
    // Everyday words with nothing of the fixture statute's (示例街道议事规则 第十条: 十五日内答复提出人) vocabulary.
    private const string Question = "俺跟楼里老街坊们给上头递了个条子，到现在也没个回音，这得等到猴年马月？";
    private const string Rewritten = "示例街道议事规则规定居委会答复居民意见的期限";
    private const string GoodReply = "居委会收到您的意见后，应当在十五日内答复您（《示例街道议事规则》第十条）。";

    private static bool IsRewrite(ChatRequest r) => r.System.Contains("改写", StringComparison.Ordinal);

    // The rewritten question may find several close cards: the model is then asked to choose among them in between.
    private static bool IsChoice(ChatRequest r) => r.System.Contains("挑选", StringComparison.Ordinal);

    private async Task<JsonElement> AskAsync(Func<ChatRequest, Microsoft.AspNetCore.Http.IResult> respond)
    {
        var client = await factory.ReadyClientAsync();
        factory.Model.Respond = respond;
        return await client.AskAsync(Question);
    }

    [Fact]
    public async Task Without_the_rewrite_the_question_is_not_answered()
    {
        var answer = await AskAsync(_ => FakeChatServer.Reply("无关"));

        Assert.True(answer.GetProperty("abstained").GetBoolean());
        Assert.True(IsRewrite(Assert.Single(factory.Model.Requests)));
    }

    [Fact]
    public async Task The_rewritten_question_finds_the_article_and_the_grounded_reply_answers_with_it()
    {
        var answer = await AskAsync(r => FakeChatServer.Reply(IsRewrite(r) ? Rewritten : GoodReply));

        Assert.False(answer.GetProperty("abstained").GetBoolean());
        Assert.Equal("llm", answer.GetProperty("generatedBy").GetString());
        Assert.Equal(GoodReply, answer.GetProperty("answer").GetString());
        Assert.Contains(answer.GetProperty("citations").EnumerateArray(),
            c => c.GetProperty("documentFile").GetString() == "shili-yishi-guize.md" && c.GetProperty("articleNumber").GetInt32() == 10);
        var requests = factory.Model.Requests.Where(r => !IsChoice(r)).ToList();
        Assert.Equal(2, requests.Count);
        Assert.True(IsRewrite(requests[0]) && requests[1].Stream);
        Assert.Contains(Question, requests[0].User);
        Assert.DoesNotContain(Question, requests[0].System);
        Assert.Contains(Question, requests[1].User); // the reply answers the citizen's own question
    }

    [Theory]
    [InlineData("居委会应当在三日内答复您（《示例街道议事规则》第十条）。")]
    [InlineData("请拨打13800138000咨询（《示例街道议事规则》第十条）。")]
    [InlineData("根据《示例街道议事规则》第九十九条，您可以上访。")]
    public async Task A_grounded_reply_that_fails_the_check_leaves_the_question_unanswered_not_answered_by_the_models_words(string reply)
    {
        var answer = await AskAsync(r => FakeChatServer.Reply(IsRewrite(r) ? Rewritten : reply));

        Assert.True(answer.GetProperty("abstained").GetBoolean());
        Assert.Equal("extractive", answer.GetProperty("generatedBy").GetString());
        Assert.DoesNotContain(Rewritten, answer.GetProperty("answer").GetString());
        Assert.Empty(answer.GetProperty("citations").EnumerateArray());
    }

    [Fact]
    public async Task A_rewrite_that_is_not_one_short_line_is_not_searched()
    {
        var answer = await AskAsync(r => FakeChatServer.Reply(IsRewrite(r) ? GoodReply + "\n" + GoodReply + GoodReply : GoodReply));

        Assert.True(answer.GetProperty("abstained").GetBoolean());
        Assert.Single(factory.Model.Requests);
    }

    [Fact]
    public async Task A_server_that_never_answers_costs_no_more_than_the_timeout_for_both_calls()
    {
        var client = await factory.ReadyClientAsync();
        await client.PostAsJsonAsync("/api/ask", new { question = Question }); // warm the pipeline
        factory.Model.Requests.Clear();
        factory.Services.GetRequiredService<PetitionBot.Bot.Llm.LlmCircuitBreaker>().Succeeded();
        factory.Model.Respond = r => IsRewrite(r) ? FakeChatServer.Reply(Rewritten) : FakeChatServer.Hang();

        var watch = Stopwatch.StartNew();
        var response = await client.PostAsJsonAsync("/api/ask", new { question = Question });
        watch.Stop();
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(answer.GetProperty("abstained").GetBoolean());
        Assert.Equal(2, factory.Model.Requests.Count(r => !IsChoice(r))); // the rewrite answered, the grounded reply (and any choice) hung
        Assert.True(watch.Elapsed < LlmApiFactory.Timeout + TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
    }
}
