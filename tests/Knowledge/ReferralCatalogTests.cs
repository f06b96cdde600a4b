using PetitionBot.Knowledge.Guides;
using PetitionBot.Knowledge.Referrals;

namespace PetitionBot.Tests.Knowledge;

/// <summary>The shipped referral catalogue read on its own: which department a question goes to, if any.</summary>
public class ReferralCatalogTests
{
    private static readonly ReferralCatalog Catalog =
        ReferralCatalog.Parse(File.ReadAllText(Path.Combine(GuidePack.DefaultPath, "referrals.json")));

    [Theory]
    [InlineData("退休工资是怎么算出来的", "social-insurance")] // 工资 inside the cue 退休工资 is no wage dispute
    [InlineData("社保卡丢了怎么补办", "social-insurance")]
    [InlineData("身份证快到期了，在外地能换吗", "household-registration")]
    [InlineData("公司一直不给交社保", null)] // 公司 beside the cue makes it a labour dispute
    [InlineData("退休工资单位扣了一部分不给", null)] // 单位 outside the cue: a dispute with the employer
    public void A_question_goes_to_the_department_its_words_name_unless_it_is_a_dispute(string question, string? referral) =>
        Assert.Equal(referral, Catalog.Match(question)?.Id);
}
