using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Llm;

/// <summary>A bot with a model, shared by the tests of one class (each test speaks as its own citizen).</summary>
public sealed class BotWithModel : IAsyncLifetime
{
    public BotHost Bot { get; private set; } = null!;

    public FakeChatServer Model => Bot.Model!;

    public async Task InitializeAsync() => Bot = await BotHost.StartWithModelAsync();

    public Task DisposeAsync() => Bot.DisposeAsync().AsTask();
}

/// <summary>
/// /api/chat with a model configured: a short follow-up that the engine can only read by leaning on the question
/// before is put by the model in words that stand alone, from the last few questions of the conversation, and
/// answered as any question is. When the model cannot, the engine's own reading stands.
/// </summary>
public partial class FollowUpTests(BotWithModel fixture) : IClassFixture<BotWithModel>
{
    private const string First = "信访事项多长时间办结";
    private const string Standalone = "信访事项的办理期限能不能延长";

    private BotHost Bot => fixture.Bot;
    private FakeChatServer Model => fixture.Model;

    private static bool IsFollowUp(ChatRequest r) => r.System.Contains("<追问>", StringComparison.Ordinal);
    private static bool IsChoice(ChatRequest r) => r.System.Contains("挑选", StringComparison.Ordinal);

    private static string FirstCitation(ChatRequest request) => FirstPassage().Match(request.User).Groups[1].Value;

    [GeneratedRegex(@"\[1\] (《[^》]+》第[^条]+条)")]
    private static partial Regex FirstPassage();

    /// <summary>A model that puts follow-ups as <paramref name="followUp"/> says, keeps the cards' order, and answers with <paramref name="answer"/>.</summary>
    private void ModelAnswers(Func<ChatRequest, IResult> followUp, Func<ChatRequest, IResult> answer)
    {
        // Each test starts with a closed circuit breaker: the shared bot's fake clock never ends the pause that the
        // failures of a test before would otherwise leave open.
        Bot.Services.GetRequiredService<PetitionBot.Bot.Llm.LlmCircuitBreaker>().Succeeded();
        Model.Requests.Clear();
        Model.Respond = r => IsFollowUp(r) ? followUp(r) : IsChoice(r) ? FakeChatServer.Reply("1") : answer(r);
    }

    private static IResult Grounded(ChatRequest r) => FakeChatServer.Reply($"模型的答复：请看{FirstCitation(r)}。");

    [Fact]
    public async Task A_follow_up_is_put_in_words_that_stand_alone_and_answered_from_what_they_find()
    {
        ModelAnswers(_ => FakeChatServer.Reply(Standalone), Grounded);
        await Bot.SayAsync("citizen-fu-alone", First);
        Assert.DoesNotContain(Model.Requests, IsFollowUp); // a question that stands alone is not rewritten
        Model.Requests.Clear();

        var reply = await Bot.SayAsync("citizen-fu-alone", "能延期吗");

        var followUp = Assert.Single(Model.Requests, IsFollowUp);
        Assert.DoesNotContain(First, followUp.System);
        Assert.Contains($"<之前的问题>\n{First}\n</之前的问题>\n<追问>\n能延期吗\n</追问>", followUp.User);
        var answer = Assert.Single(Model.Requests, r => r.Stream);
        Assert.Contains($"<问题>\n{Standalone}\n</问题>", answer.User);
        Assert.Contains("模型的答复：请看《", reply.AllText);
    }

    [Fact]
    public async Task The_last_few_questions_of_the_conversation_go_with_the_follow_up()
    {
        ModelAnswers(_ => FakeChatServer.Reply(Standalone), Grounded);
        await Bot.SayAsync("citizen-fu-turns", First);
        await Bot.SayAsync("citizen-fu-turns", "能延期吗");
        Model.Requests.Clear();

        await Bot.SayAsync("citizen-fu-turns", "那要去哪里办");

        var followUp = Assert.Single(Model.Requests, IsFollowUp);
        Assert.Contains($"<之前的问题>\n{First}\n能延期吗\n</之前的问题>\n<追问>\n那要去哪里办\n</追问>", followUp.User);
    }

    [Fact]
    public async Task A_question_that_stands_alone_after_another_is_not_rewritten()
    {
        ModelAnswers(_ => FakeChatServer.Reply(Standalone), Grounded);
        await Bot.SayAsync("citizen-fu-new", First);
        Model.Requests.Clear();

        await Bot.SayAsync("citizen-fu-new", "复查期限是多久");

        Assert.DoesNotContain(Model.Requests, IsFollowUp);
    }

    public static TheoryData<string> NoStandaloneQuestion => ["无关", "429", "500", "喵喵喵，我是一只猫", "这是一句\n两行的话", "能延期吗能延期吗能延期吗能延期吗能延期吗能延期吗能延期吗能延期吗能延期吗能延期吗能延期吗"];

    [Theory]
    [MemberData(nameof(NoStandaloneQuestion))]
    public async Task A_follow_up_the_model_cannot_put_in_words_gets_the_engines_own_reading(string rewrite)
    {
        var user = $"citizen-fu-bad-{(uint)rewrite.GetHashCode():x8}";
        ModelAnswers(_ => int.TryParse(rewrite, out var status) ? FakeChatServer.Error(status) : FakeChatServer.Reply(rewrite), _ => FakeChatServer.Error(500));
        await Bot.SayAsync(user, First);
        Model.Requests.Clear();

        var reply = await Bot.SayAsync(user, "能延期吗");

        Assert.Single(Model.Requests, IsFollowUp);
        // The engine's own reading with the question before (信访工作条例 第三十四条: at most 30 days more).
        Assert.Contains("30日", reply.AllText);
        Assert.DoesNotContain("答不上来", reply.AllText);
    }

    [Fact]
    public async Task Id_and_phone_numbers_of_earlier_questions_never_reach_the_model()
    {
        const string id = "110101199003071234", mobile = "13812345678";
        ModelAnswers(_ => FakeChatServer.Reply(Standalone), Grounded);
        await Bot.SayAsync("citizen-fu-pd", $"我手机{mobile}，身份证{id}，{First}");
        await Bot.SayAsync("citizen-fu-pd", "能延期吗");

        Assert.Single(Model.Requests, IsFollowUp);
        foreach (var request in Model.Requests)
        {
            Assert.DoesNotContain(mobile, request.Body);
            Assert.DoesNotContain(id, request.Body);
        }
    }
}
