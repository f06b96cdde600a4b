using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Channels.WeChat;
using PetitionBot.Bot.Conversation;
using PetitionBot.Bot.Conversation.Persistence;
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

    [Fact]
    public async Task A_retried_message_gets_the_same_reply_and_is_in_the_chat_record_once()
    {
        await using var api = await FakeWeChatApi.StartAsync();
        await using var app = new WeChatApp(api, realEngine: true, fakeTime: false);
        var user = NewUser();
        var message = WeChatApp.Text(user, "我要信访", NewMsgId());

        var first = WeChatApp.ContentOf(app.OpenSafeReply(await app.PostSafeAsync(message).OkBodyAsync()));
        var retry = WeChatApp.ContentOf(app.OpenSafeReply(await app.PostSafeAsync(message).OkBodyAsync()));

        Assert.Contains("好的，我们开始登记", first);
        Assert.Equal(first, retry);
        // The clerk reading the chat later sees the message and its answer once: the retry did not run the turn again.
        var lines = await app.WithDbAsync(db => db.Set<ConversationLine>().AsNoTracking()
            .Where(l => l.UserId == user).Select(l => l.Speaker).ToListAsync());
        Assert.Single(lines, speaker => speaker == "user");
        Assert.Contains("bot", lines);
    }

    [Fact]
    public async Task A_retry_after_a_late_answer_went_by_customer_service_message_gets_success_not_the_answer_again()
    {
        await using var api = await FakeWeChatApi.StartAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The real engine, held until after the 5-second deadline: its turn (and the reply it records) is saved late.
        await using var app = new WeChatApp(api, realEngine: true, services: s =>
        {
            s.AddScoped<ConversationEngine>();
            s.AddScoped<IConversationEngine>(sp => new HeldEngine(sp.GetRequiredService<ConversationEngine>(), gate.Task));
        });
        var user = NewUser();
        var message = WeChatApp.Text(user, "信访事项多长时间办结", NewMsgId());

        var first = app.PostPlainAsync(message).OkBodyAsync();
        Assert.Equal("success", await app.AdvanceUntilAsync(first, TimeSpan.FromSeconds(1)));
        gate.SetResult();
        var sent = Assert.Single(await app.OutboxForAsync(user, 1));

        // WeChat lost the first "success" and asks again: the answer already goes by customer-service message.
        Assert.Equal("success", await app.PostPlainAsync(message).OkBodyAsync());
        Assert.False(string.IsNullOrWhiteSpace(sent.Text));
    }

    private sealed class HeldEngine(IConversationEngine inner, Task gate) : IConversationEngine
    {
        public async Task<IReadOnlyList<BotReply>> HandleAsync(IncomingMessage message, CancellationToken cancellationToken = default)
        {
            await gate.WaitAsync(cancellationToken);
            return await inner.HandleAsync(message, cancellationToken);
        }
    }

    [Fact]
    public async Task Every_button_of_the_default_menu_gets_its_own_service_from_the_real_engine()
    {
        await using var api = await FakeWeChatApi.StartAsync();
        await using var app = new WeChatApp(api, realEngine: true, fakeTime: false);
        // What each button's first answer says; a key read as typed text would be triaged or asked to be rephrased instead.
        var expected = new Dictionary<string, string>
        {
            [MenuIntents.Consult] = "请直接输入您想了解的问题",
            [MenuIntents.Route] = "请简单说说遇到了什么事",
            [MenuIntents.File] = "好的，我们开始登记",
            [MenuIntents.Status] = "请输入信访事项编号",
            [MenuIntents.Rate] = "请输入要评价的信访事项编号",
            [MenuIntents.Handoff] = "回复“回到机器人”可以结束人工服务",
            [MenuIntents.Visit] = "近期还没有安排领导接访日",
        };

        var keys = Buttons(WeChatMenu.Default()["button"]!.AsArray()).ToList();
        Assert.Equal(expected.Keys.Order(), keys.Order());
        foreach (var key in keys)
        {
            var body = await app.PostSafeAsync(WeChatApp.Event(NewUser(), "CLICK", key)).OkBodyAsync();
            Assert.Contains(expected[key], WeChatApp.ContentOf(app.OpenSafeReply(body)));
        }

        static IEnumerable<string> Buttons(JsonArray buttons) => buttons.SelectMany(b =>
            b!["sub_button"] is JsonArray sub ? Buttons(sub) : [b["key"]!.GetValue<string>()]);
    }
}
