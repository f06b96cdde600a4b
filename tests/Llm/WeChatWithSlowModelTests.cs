using System.Diagnostics;
using System.Xml.Linq;
using PetitionBot.Tests.WeChat;
using static PetitionBot.Tests.WeChat.WeChatFixture;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Llm;

public class WeChatWithSlowModelTests
{
    /// <summary>The real engine on WeChat, its model a server that accepts every request and never answers.</summary>
    private sealed class HangingModelBot : IAsyncDisposable
    {
        public required FakeChatServer Model { get; init; }
        public required FakeWeChatApi Api { get; init; }
        public required WeChatApp App { get; init; }

        public static async Task<HangingModelBot> StartAsync()
        {
            var model = await FakeChatServer.StartAsync();
            model.Respond = _ => FakeChatServer.Hang();
            var api = await FakeWeChatApi.StartAsync();
            var bot = new HangingModelBot { Model = model, Api = api, App = new WeChatApp(api, model.Configure, realEngine: true, fakeTime: false) };
            await TestApp.WaitUntilReadyAsync(bot.App.CreateClient());
            return bot;
        }

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await Api.DisposeAsync();
            await Model.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_model_that_never_answers_still_leaves_the_passive_reply_within_five_seconds()
    {
        await using var bot = await HangingModelBot.StartAsync();
        var (model, app) = (bot.Model, bot.App);

        var watch = Stopwatch.StartNew();
        var body = await app.PostSafeAsync(WeChatApp.Text(NewUser(), "信访事项多长时间办结", NewMsgId())).OkBodyAsync();
        watch.Stop();

        Assert.Single(model.Requests, r => r.Stream); // the grounded reply, after any choice among cards, all within Llm:Timeout
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Contains("60", XElement.Parse(app.OpenSafeReply(body)).Element("Content")!.Value);
    }

    [Fact]
    public async Task A_follow_up_with_a_model_that_never_answers_still_gets_the_engines_reading_within_five_seconds()
    {
        await using var bot = await HangingModelBot.StartAsync();
        var (model, app) = (bot.Model, bot.App);
        var user = NewUser();
        await app.PostSafeAsync(WeChatApp.Text(user, "信访事项多长时间办结", NewMsgId())).OkBodyAsync();
        model.Requests.Clear();

        var watch = Stopwatch.StartNew();
        var body = await app.PostSafeAsync(WeChatApp.Text(user, "能延期吗", NewMsgId())).OkBodyAsync();
        watch.Stop();

        // The rewrite of the follow-up, any choice among cards and the grounded reply all hung, within one Llm:Timeout.
        Assert.Contains(model.Requests, r => r.System.Contains("<追问>", StringComparison.Ordinal));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Contains("30日", XElement.Parse(app.OpenSafeReply(body)).Element("Content")!.Value);
    }
}
