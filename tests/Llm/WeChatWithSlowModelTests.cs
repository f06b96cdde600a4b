using System.Diagnostics;
using System.Xml.Linq;
using PetitionBot.Tests.WeChat;
using static PetitionBot.Tests.WeChat.WeChatFixture;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Llm;

public class WeChatWithSlowModelTests
{
    [Fact]
    public async Task A_model_that_never_answers_still_leaves_the_passive_reply_within_five_seconds()
    {
        await using var model = await FakeChatServer.StartAsync();
        model.Respond = _ => FakeChatServer.Hang();
        await using var api = await FakeWeChatApi.StartAsync();
        await using var app = new WeChatApp(api, model.Configure, realEngine: true, fakeTime: false);
        var client = app.CreateClient();
        await TestApp.WaitUntilReadyAsync(client);

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
        await using var model = await FakeChatServer.StartAsync();
        model.Respond = _ => FakeChatServer.Hang();
        await using var api = await FakeWeChatApi.StartAsync();
        await using var app = new WeChatApp(api, model.Configure, realEngine: true, fakeTime: false);
        var client = app.CreateClient();
        await TestApp.WaitUntilReadyAsync(client);
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
