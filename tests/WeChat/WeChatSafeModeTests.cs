using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Channels.WeChat;
using static PetitionBot.Tests.WeChat.WeChatFixture;

namespace PetitionBot.Tests.WeChat;

/// <summary>With an EncodingAESKey and no WeChat:Mode, only safe-mode (安全模式) messages are taken.</summary>
public class WeChatSafeModeTests
{
    [Fact]
    public async Task With_a_key_set_plain_and_downgraded_messages_are_refused_and_safe_ones_answered()
    {
        await using var api = await FakeWeChatApi.StartAsync();
        await using var app = new WeChatApp(api, s => s.Remove("WeChat:Mode"));
        var user = NewUser();

        var plain = await app.PostPlainAsync(WeChatApp.Text(user, "明文", NewMsgId())).StatusAsync();
        // A captured safe-mode URL with encrypt_type and msg_signature stripped, and a forged plain body.
        var stripped = await app.PostPlainAsync(WeChatApp.Text(user, "伪造", NewMsgId()), app.SignedQuery()).StatusAsync();
        var compatible = await app.PostSafeAsync(WeChatApp.Text(user, "兼容模式", NewMsgId()), compatible: true).StatusAsync();
        var safe = await app.PostSafeAsync(WeChatApp.Text(user, "安全模式", NewMsgId())).OkBodyAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, plain);
        Assert.Equal(HttpStatusCode.Unauthorized, stripped);
        Assert.Equal(HttpStatusCode.Unauthorized, compatible);
        Assert.Equal("您问的是：安全模式", WeChatApp.ContentOf(app.OpenSafeReply(safe)));
        Assert.Equal(["安全模式"], app.Engine.Received.Where(m => m.UserId == user).Select(m => m.Text));
    }

    [Fact]
    public async Task Compatible_mode_is_taken_only_when_configured()
    {
        await using var api = await FakeWeChatApi.StartAsync();
        await using var app = new WeChatApp(api, s => s["WeChat:Mode"] = "Compatible");
        var user = NewUser();

        var plain = await app.PostPlainAsync(WeChatApp.Text(user, "明文", NewMsgId())).StatusAsync();

        Assert.Equal(HttpStatusCode.OK, plain);
    }

    [Fact]
    public void Plain_mode_with_a_key_is_refused_at_start()
    {
        var errors = new WeChatOptionsValidator().Validate(null, new WeChatOptions
        {
            Token = "t", AppId = FakeWeChatApi.AppId, EncodingAESKey = WeChatApp.AesKey, Mode = WeChatMode.Plain,
        });

        Assert.True(errors.Failed);
        Assert.Contains("WeChat:Mode=Plain", errors.FailureMessage);
    }
}
