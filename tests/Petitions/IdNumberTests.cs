using PetitionBot.Bot.Petitions.Validation;

namespace PetitionBot.Tests.Petitions;

public class IdNumberTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    [Theory]
    [InlineData("110101199003071233")]
    [InlineData("11010519491231002X")]
    [InlineData("11010519491231002x")]
    [InlineData("１１０１０１１９９００３０７１２３３")]
    public void Valid_id_numbers_are_accepted_and_normalised(string input)
    {
        var check = IdNumber.Check(input, Today);

        Assert.True(check.IsValid, check.Error);
        Assert.Equal(18, check.Value!.Length);
        Assert.Equal(check.Value, check.Value.ToUpperInvariant());
    }

    [Theory]
    [InlineData("110101199003071230", "校验位")]
    [InlineData("1101011990030712", "您输入的是16位")]
    [InlineData("110101900307123", "15位的旧身份证号")]
    [InlineData("11010119900307123A", "前17位应全是数字")]
    [InlineData("990101199003071233", "地区代码")]
    [InlineData("110101199002301233", "出生日期")]
    [InlineData("110101203001011233", "出生日期")]
    public void Wrong_id_numbers_are_rejected_with_a_reason(string input, string reason)
    {
        var check = IdNumber.Check(input, Today);

        Assert.False(check.IsValid);
        Assert.Contains(reason, check.Error);
    }

    [Fact]
    public void Masked_id_keeps_only_region_and_last_four()
    {
        Assert.Equal("1101**********1233", IdNumber.Mask("110101199003071233"));
    }
}
