using PetitionBot.Bot.Conversation;
using System.Net;
using System.Text;
using System.Xml.Linq;
using PetitionBot.Bot.Channels.WeChat;
using static PetitionBot.Tests.WeChat.WeChatFixture;

namespace PetitionBot.Tests.WeChat;

public class WeChatCallbackTests(WeChatFixture fixture) : IClassFixture<WeChatFixture>
{
    private WeChatApp App => fixture.App;

    private List<PetitionBot.Bot.Conversation.IncomingMessage> ReceivedFrom(string user) =>
        App.Engine.Received.Where(m => m.UserId == user).ToList();

    [Fact]
    public async Task Url_verification_echoes_echostr_when_the_signature_is_right()
    {
        var body = await App.CreateClient().GetAsync($"/wechat?{App.SignedQuery()}&echostr=5838479218127813673").OkBodyAsync();
        Assert.Equal("5838479218127813673", body);
    }

    [Fact]
    public async Task Url_verification_with_a_forged_signature_is_refused()
    {
        var query = $"signature={new string('a', 40)}&timestamp={App.Timestamp}&nonce=1&echostr=123";
        Assert.Equal(HttpStatusCode.Unauthorized, await App.CreateClient().GetAsync($"/wechat?{query}").StatusAsync());
    }

    [Fact]
    public async Task Message_with_a_forged_signature_is_refused_and_never_reaches_the_engine()
    {
        var user = NewUser();
        var query = $"signature={new string('b', 40)}&timestamp={App.Timestamp}&nonce=1";
        Assert.Equal(HttpStatusCode.Unauthorized, await App.PostPlainAsync(WeChatApp.Text(user, "你好", NewMsgId()), query).StatusAsync());
        Assert.Empty(ReceivedFrom(user));
    }

    [Fact]
    public async Task Message_with_a_timestamp_six_minutes_old_is_refused()
    {
        var user = NewUser();
        var stale = App.Time.GetUtcNow().AddMinutes(-6).ToUnixTimeSeconds().ToString();
        var status = await App.PostPlainAsync(WeChatApp.Text(user, "你好", NewMsgId()), App.SignedQuery(stale)).StatusAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Empty(ReceivedFrom(user));
    }

    [Fact]
    public async Task Plain_question_gets_a_text_reply_addressed_back_to_the_sender()
    {
        var user = NewUser();
        var body = await App.PostPlainAsync(WeChatApp.Text(user, "信访事项多长时间办结", NewMsgId())).OkBodyAsync();
        var reply = XElement.Parse(body);
        Assert.Equal(user, reply.Element("ToUserName")!.Value);
        Assert.Equal(WeChatApp.Account, reply.Element("FromUserName")!.Value);
        Assert.Equal("text", reply.Element("MsgType")!.Value);
        Assert.Equal(App.Time.GetUtcNow().ToUnixTimeSeconds().ToString(), reply.Element("CreateTime")!.Value);
        Assert.Equal("您问的是：信访事项多长时间办结", reply.Element("Content")!.Value);
        Assert.Contains("<![CDATA[您问的是", body);
    }

    [Fact]
    public async Task Safe_mode_question_gets_an_encrypted_reply_with_a_valid_signature()
    {
        var user = NewUser();
        var body = await App.PostSafeAsync(WeChatApp.Text(user, "复查期限是多久", NewMsgId())).OkBodyAsync();
        var reply = XElement.Parse(App.OpenSafeReply(body));
        Assert.Equal(user, reply.Element("ToUserName")!.Value);
        Assert.Equal(WeChatApp.Account, reply.Element("FromUserName")!.Value);
        Assert.Equal("您问的是：复查期限是多久", reply.Element("Content")!.Value);
        Assert.Equal(new IncomingMessageView("wechat", user, "复查期限是多久"), IncomingMessageView.Of(ReceivedFrom(user).Single()));
    }

    [Fact]
    public async Task Compatible_mode_message_is_answered_encrypted()
    {
        var user = NewUser();
        var body = await App.PostSafeAsync(WeChatApp.Text(user, "兼容模式", NewMsgId()), compatible: true).OkBodyAsync();
        Assert.Equal("您问的是：兼容模式", WeChatApp.ContentOf(App.OpenSafeReply(body)));
    }

    [Fact]
    public async Task Safe_mode_message_with_a_wrong_msg_signature_is_refused()
    {
        var user = NewUser();
        var status = await App.PostSafeAsync(WeChatApp.Text(user, "你好", NewMsgId()), msgSignature: new string('c', 40)).StatusAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Empty(ReceivedFrom(user));
    }

    [Fact]
    public async Task Message_encrypted_for_another_AppId_is_refused()
    {
        var user = NewUser();
        var otherAccount = new WeChatCipher(WeChatApp.AesKey, "wx0000000000000000");
        var status = await App.PostSafeAsync(WeChatApp.Text(user, "你好", NewMsgId()), otherAccount).StatusAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Empty(ReceivedFrom(user));
    }

    private const string Xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" +
        "<xml><ToUserName>gh_bureau</ToUserName><FromUserName>oXXE</FromUserName><CreateTime>1</CreateTime>" +
        "<MsgType>text</MsgType><Content>&xxe;</Content><MsgId>42</MsgId></xml>";

    [Fact]
    public async Task Xxe_in_a_plain_body_is_refused_without_reading_any_file()
    {
        using var response = await App.PostPlainAsync(Xxe);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("root:", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Xxe_inside_an_encrypted_body_is_refused_without_reading_any_file()
    {
        using var response = await App.PostSafeAsync(Xxe);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("root:", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Billion_laughs_is_refused()
    {
        var entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (var i = 1; i < 10; i++) entities.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        var bomb = $"<?xml version=\"1.0\"?><!DOCTYPE lolz [{entities}]><xml><Content>&lol9;</Content></xml>";
        Assert.Equal(HttpStatusCode.BadRequest, await App.PostPlainAsync(bomb).StatusAsync());
        Assert.Equal(HttpStatusCode.BadRequest, await App.PostSafeAsync(bomb).StatusAsync());
    }

    [Fact]
    public async Task Garbage_is_refused_and_the_bot_keeps_answering()
    {
        Assert.Equal(HttpStatusCode.BadRequest, await App.PostPlainAsync("<xml><unclosed>").StatusAsync());
        Assert.Equal(HttpStatusCode.BadRequest, await App.PostPlainAsync("\u0000\u0001 not xml").StatusAsync());
        Assert.Equal(HttpStatusCode.BadRequest, await App.PostPlainAsync("<xml><ToUserName>x</ToUserName></xml>").StatusAsync());
        var user = NewUser();
        Assert.Equal("您问的是：还在吗", XElement.Parse(await App.PostPlainAsync(WeChatApp.Text(user, "还在吗", NewMsgId())).OkBodyAsync())
            .Element("Content")!.Value);
    }

    [Fact]
    public async Task Body_over_64_KB_is_refused()
    {
        var huge = WeChatApp.Text(NewUser(), new string('长', 30_000), NewMsgId());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await App.PostPlainAsync(huge).StatusAsync());
    }

    [Fact]
    public async Task Reply_text_with_xml_special_characters_arrives_intact()
    {
        var user = NewUser();
        var body = await App.PostPlainAsync(WeChatApp.Text(user, "a]]]]><![CDATA[>b <&> c", NewMsgId())).OkBodyAsync();
        Assert.Equal("您问的是：a]]>b <&> c", XElement.Parse(body).Element("Content")!.Value);
    }

    [Fact]
    public async Task Voice_with_recognition_is_asked_as_text()
    {
        var user = NewUser();
        var voice = WeChatApp.Message(user, "voice",
            "<MediaId><![CDATA[m1]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[怎么查进度]]></Recognition>", NewMsgId());
        Assert.Equal("您问的是：怎么查进度", WeChatApp.ContentOf(await App.PostPlainAsync(voice).OkBodyAsync()));
    }

    [Fact]
    public async Task Voice_without_recognition_gets_a_polite_request_for_text()
    {
        var user = NewUser();
        var voice = WeChatApp.Message(user, "voice", "<MediaId><![CDATA[m1]]></MediaId><Format><![CDATA[amr]]></Format>", NewMsgId());
        Assert.Equal(WeChatInbound.UnrecognisedVoiceText, WeChatApp.ContentOf(await App.PostPlainAsync(voice).OkBodyAsync()));
        Assert.Empty(ReceivedFrom(user));
    }

    [Fact]
    public async Task Photo_reaches_the_engine_with_its_media_id_and_picture_url()
    {
        var user = NewUser();
        var image = WeChatApp.Message(user, "image",
            "<PicUrl><![CDATA[http://mmbiz.qpic.cn/x.jpg]]></PicUrl><MediaId><![CDATA[MEDIA_1]]></MediaId>", NewMsgId());
        await App.PostPlainAsync(image).OkBodyAsync();
        var attachment = Assert.Single(ReceivedFrom(user).Single().Attachments!);
        Assert.Equal(("image", "http://mmbiz.qpic.cn/x.jpg", "MEDIA_1"), (attachment.Kind, attachment.Url, attachment.MediaId));
    }

    [Fact]
    public async Task Location_reaches_the_engine_as_a_place_label()
    {
        var user = NewUser();
        var location = WeChatApp.Message(user, "location",
            "<Location_X>39.9</Location_X><Location_Y>116.4</Location_Y><Scale>15</Scale><Label><![CDATA[北京市朝阳区三里屯街道]]></Label>",
            NewMsgId());
        await App.PostPlainAsync(location).OkBodyAsync();
        Assert.Equal(new("location", "北京市朝阳区三里屯街道"), ReceivedFrom(user).Single().Event);
    }

    [Fact]
    public async Task Following_through_a_unit_code_reaches_the_engine_with_the_unit()
    {
        var user = NewUser();
        var body = await App.PostPlainAsync(WeChatApp.Event(user, "subscribe", "qrscene_unit-42")).OkBodyAsync();
        Assert.Equal(new("subscribe", "unit-42"), ReceivedFrom(user).Single().Event);
        Assert.Equal("事件：subscribe unit-42", WeChatApp.ContentOf(body));
    }

    [Fact]
    public async Task Plain_follow_reaches_the_engine_without_a_unit()
    {
        var user = NewUser();
        await App.PostPlainAsync(WeChatApp.Event(user, "subscribe")).OkBodyAsync();
        Assert.Equal(new("subscribe"), ReceivedFrom(user).Single().Event);
    }

    [Fact]
    public async Task Follower_scanning_a_unit_code_reaches_the_engine_with_the_unit()
    {
        var user = NewUser();
        await App.PostPlainAsync(WeChatApp.Event(user, "SCAN", "unit-7")).OkBodyAsync();
        Assert.Equal(new("scan", "unit-7"), ReceivedFrom(user).Single().Event);
    }

    [Fact]
    public async Task Menu_click_reaches_the_engine_as_a_menu_intent()
    {
        var user = NewUser();
        await App.PostPlainAsync(WeChatApp.Event(user, "CLICK", "status")).OkBodyAsync();
        Assert.Equal(new(ChannelEventKinds.Menu, MenuIntents.Status), ReceivedFrom(user).Single().Event);
    }

    [Fact]
    public async Task Unfollow_clears_the_state_and_is_acknowledged_with_success()
    {
        var user = NewUser();
        Assert.Equal("success", await App.PostPlainAsync(WeChatApp.Event(user, "unsubscribe")).OkBodyAsync());
        Assert.Equal(new("unsubscribe"), ReceivedFrom(user).Single().Event);
    }

    [Fact]
    public async Task Video_gets_a_polite_fallback()
    {
        var user = NewUser();
        var video = WeChatApp.Message(user, "video", "<MediaId><![CDATA[v]]></MediaId>", NewMsgId());
        Assert.Equal(WeChatInbound.UnsupportedText, WeChatApp.ContentOf(await App.PostPlainAsync(video).OkBodyAsync()));
        Assert.Empty(ReceivedFrom(user));
    }

    [Fact]
    public async Task Template_receipt_is_acknowledged_with_success_and_not_answered()
    {
        var user = NewUser();
        Assert.Equal("success", await App.PostPlainAsync(WeChatApp.Event(user, "TEMPLATESENDJOBFINISH")).OkBodyAsync());
        Assert.Empty(ReceivedFrom(user));
    }

    [Fact]
    public async Task Channel_is_off_without_a_token()
    {
        await using var app = new WeChatApp(fixture.Api, s =>
        {
            s["WeChat:Token"] = "";
            s["WeChat:EncodingAESKey"] = "";
            s.Remove("WeChat:Mode");
        });
        Assert.Equal(HttpStatusCode.NotFound, await app.CreateClient().GetAsync($"/wechat?{app.SignedQuery()}&echostr=1").StatusAsync());
        Assert.Equal(HttpStatusCode.NotFound, await app.PostPlainAsync(WeChatApp.Text("u", "x", 1)).StatusAsync());
    }

    [Fact]
    public async Task A_malformed_EncodingAESKey_stops_the_start_with_a_clear_message()
    {
        await using var app = new WeChatApp(fixture.Api, s => s["WeChat:EncodingAESKey"] = "tooshort");
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("WeChat:EncodingAESKey", error.ToString());
    }
}

/// <summary>The parts of an IncomingMessage a test compares.</summary>
internal sealed record IncomingMessageView(string Channel, string UserId, string? Text)
{
    public static IncomingMessageView Of(PetitionBot.Bot.Conversation.IncomingMessage m) => new(m.Channel, m.UserId, m.Text);
}
