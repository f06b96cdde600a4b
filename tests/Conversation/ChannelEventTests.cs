using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Conversation;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Conversation;

/// <summary>Channel events (follow, QR scan, menu click) reach the same engine as text.</summary>
public class ChannelEventTests
{
    [Fact]
    public async Task Following_the_account_shows_the_menu()
    {
        await using var host = BotHost.Start();
        var replies = await HandleAsync(host, new IncomingMessage("wechat", NewUser(), null, Event: new ChannelEvent(ChannelEventKinds.Subscribe)));

        var reply = Assert.Single(replies);
        Assert.Contains("信访助手", reply.Text);
        Assert.Contains("我要反映问题", reply.Choices!);
    }

    [Fact]
    public async Task Menu_click_works_like_typing_the_menu_word()
    {
        await using var host = BotHost.Start();
        var replies = await HandleAsync(host, new IncomingMessage("wechat", NewUser(), null, Event: new ChannelEvent(ChannelEventKinds.Menu, MenuIntents.Status)));

        Assert.Contains("请输入信访事项编号", Assert.Single(replies).Text);
    }

    [Fact]
    public async Task A_petition_filed_after_scanning_a_units_QR_code_carries_the_unit_code()
    {
        await using var host = BotHost.Start(options: new BotHostOptions { FakeKnowledge = true });
        var user = NewUser();
        await HandleAsync(host, new IncomingMessage("wechat", user, null, Event: new ChannelEvent(ChannelEventKinds.Scan, "unit-chengguan")));
        foreach (var text in new[]
                 {
                     "我要反映问题", "张三", "110101199003071233", "13800138000", "城关街道幸福路12号", "城关街道", "跳过", "3", "城乡建设",
                     "要求修复小区门口塌陷的路面", "小区门口的路面从十月起塌陷了一个大坑，已经有两人摔倒受伤。", "否", "1", "好了", "确认提交",
                 })
        {
            await HandleAsync(host, new IncomingMessage("wechat", user, text));
        }

        string? unit = null;
        await host.WithDbAsync(async db => unit = await db.Petitions.Select(p => p.SourceUnitCode).SingleAsync());
        Assert.Equal("unit-chengguan", unit);
    }

    [Fact]
    public async Task Unfollowing_gets_no_reply()
    {
        await using var host = BotHost.Start();
        var replies = await HandleAsync(host, new IncomingMessage("wechat", NewUser(), null, Event: new ChannelEvent(ChannelEventKinds.Unsubscribe)));

        Assert.Empty(replies);
    }

    private static string NewUser() => "openid-" + Guid.NewGuid().ToString("N");

    private static Task<IReadOnlyList<BotReply>> HandleAsync(BotHost host, IncomingMessage message) =>
        host.WithScopeAsync(sp => sp.GetRequiredService<IConversationEngine>().HandleAsync(message));
}
