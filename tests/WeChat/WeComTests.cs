using System.Net;
using System.Xml.Linq;
using PetitionBot.Bot.Channels.WeChat;
using PetitionBot.Bot.Notifications;
using static PetitionBot.Tests.WeChat.WeChatFixture;

namespace PetitionBot.Tests.WeChat;

/// <summary>The WeCom app channel for grid workers: always encrypted, the CorpId as receive id.</summary>
public class WeComTests : IAsyncLifetime
{
    private const string CorpKey = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";
    private readonly WeChatCipher _corp = new(CorpKey, FakeWeChatApi.CorpId);
    private FakeWeChatApi _api = null!;
    private WeChatApp _app = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeWeChatApi.StartAsync();
        _app = new WeChatApp(_api, s =>
        {
            s["WeCom:Token"] = WeChatApp.Token;
            s["WeCom:CorpId"] = FakeWeChatApi.CorpId;
            s["WeCom:EncodingAESKey"] = CorpKey;
            s["WeCom:AgentId"] = "1000002";
            s["WeCom:Secret"] = FakeWeChatApi.CorpSecret;
            s["WeCom:ApiBaseUrl"] = _api.BaseUrl;
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _api.DisposeAsync();
    }

    private static string WorkerText(string user, string content, long msgId) =>
        $"<xml><ToUserName><![CDATA[{FakeWeChatApi.CorpId}]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName>" +
        $"<CreateTime>1764036000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content>" +
        $"<MsgId>{msgId}</MsgId><AgentID>1000002</AgentID></xml>";

    [Fact]
    public async Task Url_verification_returns_the_decrypted_echostr()
    {
        var echo = _corp.Encrypt("1616140317555161061");
        var timestamp = _app.Timestamp;
        var signature = WeChatSignature.Compute(WeChatApp.Token, timestamp, "5", echo);
        var query = $"msg_signature={signature}&timestamp={timestamp}&nonce=5&echostr={Uri.EscapeDataString(echo)}";
        Assert.Equal("1616140317555161061", await _app.CreateClient().GetAsync($"/wecom?{query}").OkBodyAsync());
    }

    [Fact]
    public async Task Url_verification_with_a_forged_signature_is_refused()
    {
        var echo = Uri.EscapeDataString(_corp.Encrypt("1"));
        var query = $"msg_signature={new string('d', 40)}&timestamp={_app.Timestamp}&nonce=5&echostr={echo}";
        Assert.Equal(HttpStatusCode.Unauthorized, await _app.CreateClient().GetAsync($"/wecom?{query}").StatusAsync());
    }

    [Fact]
    public async Task Grid_worker_question_gets_an_encrypted_answer_from_the_same_engine()
    {
        var body = await _app.PostSafeAsync(WorkerText("zhangsan", "劳动合同法第八十二条", NewMsgId()), _corp, path: "/wecom").OkBodyAsync();
        var reply = XElement.Parse(_app.OpenSafeReply(body, _corp));
        Assert.Equal("zhangsan", reply.Element("ToUserName")!.Value);
        Assert.Equal(FakeWeChatApi.CorpId, reply.Element("FromUserName")!.Value);
        Assert.Equal("您问的是：劳动合同法第八十二条", reply.Element("Content")!.Value);
        Assert.Equal("wecom", _app.Engine.Received.Single(m => m.UserId == "zhangsan").Channel);
    }

    [Fact]
    public async Task Message_encrypted_for_another_corp_is_refused()
    {
        var other = new WeChatCipher(CorpKey, "wwffffffffffffffff");
        Assert.Equal(HttpStatusCode.Unauthorized,
            await _app.PostSafeAsync(WorkerText("lisi", "x", NewMsgId()), other, path: "/wecom").StatusAsync());
    }

    [Fact]
    public async Task Unencrypted_message_is_refused()
    {
        // WeCom always encrypts: a body without Encrypt is not a WeCom callback.
        Assert.Equal(HttpStatusCode.BadRequest, await _app.PostPlainAsync(WorkerText("lisi", "x", NewMsgId()), path: "/wecom").StatusAsync());
        Assert.DoesNotContain(_app.Engine.Received, m => m.UserId == "lisi");
    }

    [Fact]
    public async Task Late_answer_reaches_the_worker_as_an_app_message()
    {
        var message = new OutboxMessage
        {
            Channel = "wecom", UserId = "wangwu", Kind = "reply", Text = "迟到的答案", DedupKey = Guid.NewGuid().ToString("N"),
        };
        Assert.Equal(DeliveryOutcome.Delivered, (await _app.SendAsync(message, "wecom")).Outcome);
        Assert.Single(_api.CallsTo("/cgi-bin/gettoken"));
        var sent = Assert.Single(_api.CallsTo("/cgi-bin/message/send")).Body!;
        Assert.Equal(("wangwu", 1000002, "迟到的答案"),
            (sent["touser"]!.GetValue<string>(), sent["agentid"]!.GetValue<int>(), sent["text"]!["content"]!.GetValue<string>()));
    }

    [Fact]
    public async Task WeCom_is_off_until_configured()
    {
        await using var app = new WeChatApp(_api);
        Assert.Equal(HttpStatusCode.NotFound, await app.CreateClient().GetAsync("/wecom?msg_signature=x&timestamp=1&nonce=1&echostr=x").StatusAsync());
    }
}
