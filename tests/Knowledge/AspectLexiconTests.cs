using PetitionBot.Knowledge.Guides;
using PetitionBot.Knowledge.Search;

namespace PetitionBot.Tests.Knowledge;

/// <summary>The shipped aspects.txt read on its own: what a question asks about, so the answer can lead with it.</summary>
public class AspectLexiconTests
{
    private static readonly AspectLexicon Aspects =
        AspectLexicon.Parse(File.ReadAllLines(Path.Combine(GuidePack.DefaultPath, "aspects.txt")));

    [Theory]
    [InlineData("国家赔偿关了一天能赔多少钱", "amount", "fee")] // 多少钱 inside 赔多少钱 asks an amount
    [InlineData("申请劳动仲裁要多少钱", "fee", null)]
    [InlineData("关了几个月，能赔多少", "amount", "deadline")] // 了几个月 tells the story
    [InlineData("劳动仲裁在哪一条规定的不收费", "fee", "venue")] // 哪一条 asks for the article, not a place
    public void A_question_asks_about_what_its_words_say(string question, string asked, string? notAsked)
    {
        var aspects = Aspects.AskedIn(question);
        Assert.Contains(asked, aspects);
        if (notAsked is not null) Assert.DoesNotContain(notAsked, aspects);
    }
}
