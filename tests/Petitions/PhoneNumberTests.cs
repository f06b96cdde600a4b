using PetitionBot.Bot.Petitions.Validation;

namespace PetitionBot.Tests.Petitions;

public class PhoneNumberTests
{
    [Theory]
    [InlineData("13800138000", "13800138000")]
    [InlineData("+86 138 0013 8000", "13800138000")]
    [InlineData("0571-88881234", "0571-88881234")]
    [InlineData("057188881234", "0571-88881234")]
    [InlineData("010-62345678", "010-62345678")]
    [InlineData("（0571）88881234", "0571-88881234")]
    public void Mobiles_and_landlines_with_area_code_are_accepted(string input, string normalised)
    {
        var check = PhoneNumber.Check(input);

        Assert.True(check.IsValid, check.Error);
        Assert.Equal(normalised, check.Value);
    }

    [Theory]
    [InlineData("12345678901", "不是有效的手机号")]
    [InlineData("1380013800", "您输入的是10位")]
    [InlineData("88881234", "区号")]
    [InlineData("0571-123", "座机号码格式不对")]
    [InlineData("电话号码", "只能包含数字")]
    public void Numbers_that_are_not_phones_are_rejected_with_a_reason(string input, string reason)
    {
        var check = PhoneNumber.Check(input);

        Assert.False(check.IsValid);
        Assert.Contains(reason, check.Error);
    }

    [Theory]
    [InlineData("13800138000", "138****8000")]
    [InlineData("0571-88881234", "0571-****1234")]
    public void Masked_phone_shows_prefix_and_last_four(string phone, string masked)
    {
        Assert.Equal(masked, PhoneNumber.Mask(phone));
    }
}
