using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Intake;

namespace PetitionBot.Tests.Petitions;

public class RepeatDetectorTests
{
    private static Petition Earlier(string? unit, string field, string request, string facts) => new()
    {
        TrackingNo = "XF20261125-0001", PetitionerName = "张三", IdNumberProtected = "", IdNumberHash = "", IdNumberMasked = "",
        Phone = "", Address = "", Locality = "", ConcernedUnit = unit, Field = field, Request = request, FactsAndReasons = facts,
        Channel = "web", ChannelUserId = "u", SubmissionKey = "k",
    };

    [Fact]
    public void Same_unit_and_field_is_a_similar_matter()
    {
        var earlier = Earlier("宏达建筑有限公司", "两拖欠", "要求支付工资", "三个月工资没发");

        Assert.True(RepeatDetector.IsSimilar(new Matter("宏达建筑有限公司", "两拖欠", "讨要欠薪", "老板拖着不给"), earlier));
    }

    [Fact]
    public void Largely_the_same_words_are_a_similar_matter_even_without_a_unit()
    {
        var earlier = Earlier(null, "城乡建设", "要求修复小区门口塌陷的路面", "小区门口的路面从十月起塌陷了一个大坑");

        Assert.True(RepeatDetector.IsSimilar(new Matter(null, "城乡建设", "要求修复小区门口塌陷的路面", "路面塌陷了，有人摔倒"), earlier));
    }

    [Fact]
    public void A_different_matter_is_not_a_repeat()
    {
        var earlier = Earlier("宏达建筑有限公司", "两拖欠", "要求支付工资", "三个月工资没发");

        Assert.False(RepeatDetector.IsSimilar(new Matter("幸福小区物业", "城乡建设", "要求清理楼道杂物", "楼道堆满杂物，存在消防隐患"), earlier));
    }
}
