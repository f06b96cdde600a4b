using System.Net;

namespace PetitionBot.Tests.BotFramework;

public sealed class TypingFixture() : BotFrameworkFixture(null, new Dictionary<string, string?> { ["BotFramework:TypingAfter"] = "00:00:00" });

public class TypingIndicatorTests(TypingFixture bot) : IClassFixture<TypingFixture>
{
    [Fact]
    public async Task Typing_is_shown_while_the_answer_is_composed()
    {
        bot.App.Engine.Hold();
        var activity = bot.Message("一个要想一会儿的问题");

        var posting = bot.PostSignedAsync(activity);
        await Eventually(() => bot.Cloud.CallsFor(activity.Conversation()).Any(c => c.Type == "typing"));
        bot.App.Engine.Release();
        var response = await posting;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["typing", "message"], bot.Cloud.CallsFor(activity.Conversation()).Select(c => c.Type));
    }

    [Fact]
    public async Task Quick_answers_come_without_typing()
    {
        var activity = bot.Message("你好");

        await bot.PostSignedAsync(activity);

        Assert.Equal(["message"], bot.Cloud.CallsFor(activity.Conversation()).Select(c => c.Type));
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition(), "the expected activity never arrived");
    }
}
