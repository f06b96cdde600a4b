using Microsoft.EntityFrameworkCore;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Petitions;

/// <summary>The repeat notice names an earlier petition only to the person who filed it (same ID number and phone).</summary>
public class RepeatNoticeTests
{
    private const string Id = "440304197806157898";

    private static string[] Form(string name, string phone) =>
    [
        "我要反映问题", name, Id, phone, "城关街道幸福路12号", "城关街道", "宏达建筑有限公司", "3", "两拖欠",
        "要求宏达建筑有限公司支付拖欠的工资", "2026年8月起在宏达建筑有限公司工地做钢筋工，三个月工资没有发。", "否", "1", "好了",
    ];

    [Fact]
    public async Task Someone_else_typing_the_same_id_number_learns_nothing_of_the_earlier_petition_but_the_clerk_sees_the_link()
    {
        await using var host = BotHost.Start();
        foreach (var text in Form("陈三", "13800138000")) await host.SayAsync("web-owner-0001", text);
        await host.SayAsync("web-owner-0001", "确认提交");

        ChatResult last = null!;
        foreach (var text in Form("李四", "13900139000")) last = await host.SayAsync("web-stranger-01", text);
        var filed = await host.SayAsync("web-stranger-01", "确认提交");

        Assert.DoesNotContain("XF20261125-0001", last.AllText);
        Assert.DoesNotContain("反映过类似", last.AllText);
        Assert.DoesNotContain("已登记", last.AllText);
        Assert.Contains("请核对您填写的信息", last.AllText);
        Assert.Contains("XF20261125-0002", filed.AllText);
        await host.WithDbAsync(async db =>
        {
            var second = await db.Petitions.SingleAsync(p => p.TrackingNo == "XF20261125-0002");
            var first = await db.Petitions.SingleAsync(p => p.TrackingNo == "XF20261125-0001");
            Assert.True(second.IsRepeat);
            Assert.Equal(first.Id, second.RepeatOfPetitionId);
        });
    }

    [Fact]
    public async Task The_same_person_with_the_same_phone_is_still_told_the_earlier_number()
    {
        await using var host = BotHost.Start();
        foreach (var text in Form("陈三", "13800138000")) await host.SayAsync("web-owner-0001", text);
        await host.SayAsync("web-owner-0001", "确认提交");

        ChatResult last = null!;
        foreach (var text in Form("陈三", "13800138000")) last = await host.SayAsync("web-owner-0002", text);

        Assert.Contains("反映过类似的事项，编号 XF20261125-0001", last.AllText);
    }
}
