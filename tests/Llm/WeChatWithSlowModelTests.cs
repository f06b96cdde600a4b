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

        Assert.Single(model.Requests);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Contains("60", XElement.Parse(app.OpenSafeReply(body)).Element("Content")!.Value);
    }
}
