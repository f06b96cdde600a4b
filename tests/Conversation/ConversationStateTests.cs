using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Conversation;
using PetitionBot.Bot.Conversation.Persistence;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Conversation;

/// <summary>Conversation state in the database: concurrent and repeated deliveries, several instances, restarts.</summary>
public class ConversationStateTests
{
    [Fact]
    public Task The_same_message_delivered_twice_at_once_advances_the_form_once_on_sqlite() => SameDeliveryTwiceAtOnce(Db.Sqlite);

    [PostgresFact]
    public Task The_same_message_delivered_twice_at_once_advances_the_form_once_on_postgres() => SameDeliveryTwiceAtOnce(Db.Postgres);

    [Fact]
    public Task Two_instances_handling_one_user_at_once_lose_no_answer_on_sqlite() => TwoInstancesAtOnce(Db.Sqlite);

    [PostgresFact]
    public Task Two_instances_handling_one_user_at_once_lose_no_answer_on_postgres() => TwoInstancesAtOnce(Db.Postgres);

    [Fact]
    public Task A_form_begun_on_one_instance_is_filed_on_the_other_on_sqlite() => FormAcrossInstances(Db.Sqlite);

    [PostgresFact]
    public Task A_form_begun_on_one_instance_is_filed_on_the_other_on_postgres() => FormAcrossInstances(Db.Postgres);

    [Fact]
    public Task A_new_citizen_writing_twice_at_once_gets_one_conversation_on_sqlite() => FirstMessagesAtOnce(Db.Sqlite);

    [PostgresFact]
    public Task A_new_citizen_writing_twice_at_once_gets_one_conversation_on_postgres() => FirstMessagesAtOnce(Db.Postgres);

    [Fact]
    public async Task Id_number_is_not_stored_in_clear_in_the_conversation()
    {
        await using var host = BotHost.Start();
        var user = "web-" + Guid.NewGuid().ToString("N");
        await host.SayAsync(user, "我要反映问题");
        await host.SayAsync(user, "张三");
        await host.SayAsync(user, "110101199003071233");

        string state = "";
        await host.WithDbAsync(async db => state = await db.Set<ConversationRecord>().Where(c => c.UserId == user).Select(c => c.State).SingleAsync());
        Assert.DoesNotContain("110101199003071233", state);
        Assert.Contains("1101**********1233", state);
    }

    [Fact]
    public async Task A_long_chat_keeps_its_newest_lines_and_leaving_the_account_forgets_them()
    {
        await using var host = BotHost.Start(options: new BotHostOptions
        {
            FakeKnowledge = true,
            Settings = new Dictionary<string, string?> { ["Conversation:TranscriptLines"] = "10" },
        });
        var user = "wechat-" + Guid.NewGuid().ToString("N");
        for (var i = 1; i <= 40; i++) await HandleAsync(host, new IncomingMessage("wechat", user, $"第{i}个问题：复查期限是多久"));

        List<string> lines = [];
        await host.WithDbAsync(async d => lines = await d.Set<ConversationLine>().Where(l => l.UserId == user)
            .OrderBy(l => l.Id).Select(l => l.Text).ToListAsync());
        // 40 questions and 40 answers were said; old ones are trimmed now and then, never the newest.
        Assert.InRange(lines.Count, 10, 50);
        Assert.Contains("第40个问题：复查期限是多久", lines);
        Assert.DoesNotContain("第1个问题：复查期限是多久", lines);

        await HandleAsync(host, new IncomingMessage("wechat", user, null, Event: new ChannelEvent(ChannelEventKinds.Unsubscribe)));
        var left = -1;
        await host.WithDbAsync(async d => left = await d.Set<ConversationLine>().CountAsync(l => l.UserId == user));
        Assert.Equal(0, left);
    }

    private static async Task SameDeliveryTwiceAtOnce(Db db)
    {
        await using var host = BotHost.Start(db);
        var user = "wechat-" + Guid.NewGuid().ToString("N");
        await HandleAsync(host, new IncomingMessage("wechat", user, "我要反映问题", DeliveryId: "m-1"));
        await HandleAsync(host, new IncomingMessage("wechat", user, "张三", DeliveryId: "m-2"));

        // WeChat retries a message it got no answer for in time; both copies may arrive together.
        var message = new IncomingMessage("wechat", user, "110101199003071233", DeliveryId: "m-3");
        var both = await Task.WhenAll(HandleAsync(host, message), HandleAsync(host, message));
        var next = await HandleAsync(host, new IncomingMessage("wechat", user, "13800138000", DeliveryId: "m-4"));

        Assert.Equal(Texts(both[0]), Texts(both[1]));
        Assert.Contains("联系电话", Texts(both[0]));
        Assert.Contains("住址", Texts(next)); // not "身份证号" again and not two steps ahead
    }

    private static async Task TwoInstancesAtOnce(Db db)
    {
        await using var host = BotHost.Start(db);
        await using var second = host.SecondInstance();
        var user = "wechat-" + Guid.NewGuid().ToString("N");
        foreach (var text in FormUpToPhotos) await HandleAsync(host, new IncomingMessage("wechat", user, text));

        // Two photos sent at once reach two instances: the turn that loses the race re-runs on the saved state.
        await Task.WhenAll(
            HandleAsync(host, new IncomingMessage("wechat", user, null, [new MessageAttachment("image", "https://example.invalid/a.jpg")])),
            HandleAsync(second, new IncomingMessage("wechat", user, null, [new MessageAttachment("image", "https://example.invalid/b.jpg")])));
        var summary = await HandleAsync(host, new IncomingMessage("wechat", user, "好了"));

        Assert.Contains("照片：2张", Texts(summary));
    }

    /// <summary>
    /// Behind a load balancer without sticky sessions every turn may reach another instance, and an instance may die
    /// after it filed but before its answer arrived: the citizen sends the same turn again (same Idempotency-Key) and
    /// the other instance gives the same tracking number without filing twice.
    /// </summary>
    private static async Task FormAcrossInstances(Db db)
    {
        await using var host = BotHost.Start(db);
        await using var second = host.SecondInstance();
        var user = "web-" + Guid.NewGuid().ToString("N");
        string[] form = ["我要反映问题", "欧阳娜娜", "110101199003071233", "13800138000", "城关街道幸福路12号", "城关街道",
            "宏达建筑有限公司", "3", "两拖欠", "要求支付拖欠的三个月工资", "8月到10月在宏达建筑有限公司工地干活，三个月工资一直没发。", "否", "1", "好了"];
        for (var i = 0; i < form.Length; i++) await (i % 2 == 0 ? host : second).SayAsync(user, form[i]);

        var filed = await second.SayAsync(user, "确认提交", idempotencyKey: user + "-confirm");
        var again = await host.SayAsync(user, "确认提交", idempotencyKey: user + "-confirm");

        Assert.Contains("XF20261125-0001", filed.AllText);
        Assert.Equal(filed.AllText, again.AllText);
        var petitions = 0;
        await host.WithDbAsync(async d => petitions = await d.Set<PetitionBot.Bot.Petitions.Petition>().CountAsync());
        Assert.Equal(1, petitions);
    }

    private static readonly string[] FormUpToPhotos =
    [
        "我要反映问题", "张三", "110101199003071233", "13800138000", "城关街道幸福路12号", "城关街道", "跳过", "3", "城乡建设",
        "要求修复小区门口塌陷的路面", "小区门口的路面从十月起塌陷了一个大坑，已经有两人摔倒受伤。", "否", "1",
    ];

    private static async Task FirstMessagesAtOnce(Db db)
    {
        await using var host = BotHost.Start(db);
        var user = "web-" + Guid.NewGuid().ToString("N");
        await Task.WhenAll(host.SayAsync(user, "你好"), host.SayAsync(user, "你好"));

        var count = 0;
        await host.WithDbAsync(async d => count = await d.Set<ConversationRecord>().CountAsync(c => c.UserId == user));
        Assert.Equal(1, count);
    }

    private static Task<IReadOnlyList<BotReply>> HandleAsync(BotHost host, IncomingMessage message) =>
        host.WithScopeAsync(sp => sp.GetRequiredService<IConversationEngine>().HandleAsync(message));

    private static string Texts(IReadOnlyList<BotReply> replies) => string.Join("\n", replies.Select(r => r.Text));
}
