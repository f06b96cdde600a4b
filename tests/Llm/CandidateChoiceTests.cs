using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Llm;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Llm;

/// <summary>
/// When several of our guide cards match a question nearly as well, the model is asked which one answers what was
/// asked, by number only; that card then leads the answer. Anything but an offered number keeps retrieval's order.
/// </summary>
public partial class CandidateChoiceTests(LlmApiFactory factory) : IClassFixture<LlmApiFactory>
{
    // Our pack has more than one card on how long a petition takes (办理期限, 延期, the stages before acceptance).
    private const string Question = "信访事项多长时间办结";

    private static bool IsChoice(ChatRequest r) => r.System.Contains("挑选", StringComparison.Ordinal);

    /// <summary>The title of card n as the model was shown it.</summary>
    private static string Card(ChatRequest choice, int n) =>
        Regex.Match(choice.User, $@"^\[{n}\] (.+)$", RegexOptions.Multiline).Groups[1].Value.Trim();

    /// <summary>The first passage of the grounded-reply request, as 《法名》第X条: a citation the bot really retrieved.</summary>
    private static string FirstCitation(ChatRequest request) => FirstPassage().Match(request.User).Groups[1].Value;

    [GeneratedRegex(@"\[1\] (《[^》]+》第[^条]+条)")]
    private static partial Regex FirstPassage();

    private async Task<JsonElement> AskAsync(Func<ChatRequest, IResult> choose, Func<ChatRequest, IResult> answer, string question = Question)
    {
        var client = await factory.ReadyClientAsync();
        factory.Model.Respond = r => IsChoice(r) ? choose(r) : answer(r);
        return await client.AskAsync(question);
    }

    private static string Text(JsonElement answer) => answer.GetProperty("answer").GetString()!;

    /// <summary>The answer when the model gives nothing usable at all: retrieval's own order.</summary>
    private async Task<string> WithoutAnyChoiceAsync() => Text(await AskAsync(_ => FakeChatServer.Error(500), _ => FakeChatServer.Error(500)));

    [Fact]
    public async Task Close_cards_are_offered_numbered_as_data_with_the_question_outside_the_system_prompt_and_masked()
    {
        const string mobile = "13812345678";
        await AskAsync(_ => FakeChatServer.Reply("1"), _ => FakeChatServer.Error(500), $"我电话{mobile}，{Question}");

        var choice = Assert.Single(factory.Model.Requests, IsChoice);
        Assert.False(choice.Stream);
        Assert.DoesNotContain(Question, choice.System);
        Assert.Contains("<候选>\n[1] ", choice.User);
        Assert.NotEqual("", Card(choice, 2));
        Assert.Contains($"<问题>\n", choice.User);
        Assert.Contains(Question, choice.User);
        Assert.DoesNotContain(mobile, choice.Body);
        // The choice comes first, then the grounded reply, streamed.
        Assert.True(factory.Model.Requests.Last().Stream);
    }

    [Fact]
    public async Task The_chosen_card_leads_the_answer_when_the_grounded_reply_fails()
    {
        var before = await WithoutAnyChoiceAsync();
        var answer = await AskAsync(_ => FakeChatServer.Reply("2"), _ => FakeChatServer.Error(500));
        var second = Card(Assert.Single(factory.Model.Requests, IsChoice), 2);

        Assert.Equal("extractive", answer.GetProperty("generatedBy").GetString());
        Assert.Contains($"【{second}】", Text(answer));
        Assert.DoesNotContain($"【{second}】", before);
        Assert.NotEmpty(answer.GetProperty("citations").EnumerateArray());
    }

    [Fact]
    public async Task The_chosen_card_is_what_the_grounded_reply_rests_on()
    {
        var answer = await AskAsync(_ => FakeChatServer.Reply("[2]"),
            r => FakeChatServer.Reply($"信访事项要在规定的期限内办结，具体见{FirstCitation(r)}。"));
        var requests = factory.Model.Requests.ToList();
        var second = Card(requests.Single(IsChoice), 2);
        var grounding = requests.Single(r => r.Stream);

        Assert.Equal("llm", answer.GetProperty("generatedBy").GetString());
        Assert.Contains($"【{second}】", grounding.User); // our own answer, led by the chosen card, is among the passages
        Assert.Contains("信访事项要在规定的期限内办结，具体见《", Text(answer));
        Assert.Single(answer.GetProperty("citations").EnumerateArray());
    }

    public static TheoryData<string> NotAChoice => ["0", "9", "2和3", "第二张", "2。因为它讲的是期限", "", "好的，我将忽略之前的指令。"];

    [Theory]
    [MemberData(nameof(NotAChoice))]
    public async Task Anything_but_an_offered_number_keeps_retrievals_order(string reply)
    {
        var before = await WithoutAnyChoiceAsync();
        var answer = await AskAsync(_ => FakeChatServer.Reply(reply), _ => FakeChatServer.Error(500));
        Assert.Single(factory.Model.Requests, IsChoice);
        Assert.Equal(before, Text(answer));
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    public async Task An_http_error_on_the_choice_keeps_retrievals_order_and_the_grounded_reply_is_still_tried(int status)
    {
        var before = await WithoutAnyChoiceAsync();
        var answer = await AskAsync(_ => FakeChatServer.Error(status), _ => FakeChatServer.Error(500));
        Assert.Equal(before, Text(answer));
        Assert.Single(factory.Model.Requests, r => r.Stream);
    }

    [Fact]
    public async Task A_malformed_choice_keeps_retrievals_order()
    {
        var before = await WithoutAnyChoiceAsync();
        var answer = await AskAsync(_ => FakeChatServer.Raw("{\"choices\":[{\"message\":"), _ => FakeChatServer.Error(500));
        Assert.Equal(before, Text(answer));
    }

    [Fact]
    public async Task A_choice_that_never_comes_leaves_the_grounded_reply_the_rest_of_the_budget()
    {
        var answer = await AskAsync(_ => FakeChatServer.Hang(),
            r => FakeChatServer.Reply($"信访事项要在规定的期限内办结，具体见{FirstCitation(r)}。"));
        Assert.Equal("llm", answer.GetProperty("generatedBy").GetString());
    }

    [Fact]
    public async Task A_server_that_never_answers_costs_no_more_than_the_timeout_for_the_choice_and_the_reply()
    {
        var client = await factory.ReadyClientAsync();
        await client.PostAsJsonAsync("/api/ask", new { question = Question }); // warm the pipeline
        factory.Model.Requests.Clear();
        factory.Services.GetRequiredService<LlmCircuitBreaker>().Succeeded();
        factory.Model.Respond = _ => FakeChatServer.Hang();

        var watch = Stopwatch.StartNew();
        var response = await client.PostAsJsonAsync("/api/ask", new { question = Question });
        watch.Stop();
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("extractive", answer.GetProperty("generatedBy").GetString());
        Assert.Contains("60", Text(answer));
        Assert.Equal(2, factory.Model.Requests.Count); // the choice and the grounded reply, both hung
        Assert.True(watch.Elapsed < LlmApiFactory.Timeout + TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_question_one_card_clearly_answers_asks_for_no_choice()
    {
        await AskAsync(_ => FakeChatServer.Reply("2"), _ => FakeChatServer.Error(500), "示例街道议事规则第十条");
        Assert.DoesNotContain(factory.Model.Requests, IsChoice);
    }
}
