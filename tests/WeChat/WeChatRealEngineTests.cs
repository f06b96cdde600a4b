using System.Xml.Linq;
using static PetitionBot.Tests.WeChat.WeChatFixture;

namespace PetitionBot.Tests.WeChat;

/// <summary>Through the bot's own registrations (real engine, real clock): the channel is wired end to end.</summary>
public class WeChatRealEngineTests
{
    [Fact]
    public async Task Safe_mode_question_is_answered_by_the_registered_engine()
    {
        await using var api = await FakeWeChatApi.StartAsync();
        await using var app = new WeChatApp(api, realEngine: true, fakeTime: false);
        var user = NewUser();

        var body = await app.PostSafeAsync(WeChatApp.Text(user, "信访事项多长时间办结", NewMsgId())).OkBodyAsync();

        var reply = XElement.Parse(app.OpenSafeReply(body));
        Assert.Equal(user, reply.Element("ToUserName")!.Value);
        Assert.Equal(WeChatApp.Account, reply.Element("FromUserName")!.Value);
        Assert.False(string.IsNullOrWhiteSpace(reply.Element("Content")!.Value));
    }
}
