using PetitionBot.Tests.Support;
using System.Net.Http.Json;
using System.Text.Json;

namespace PetitionBot.Tests.Knowledge;

/// <summary>Questions as real people ask them (issue 18): the answer leads with what was asked and fits the dispute.</summary>
public class RealQuestionTests(KnowledgeApiFactory factory) : IClassFixture<KnowledgeApiFactory>
{
    private async Task<JsonElement> AskAsync(string question)
    {
        var client = await factory.ReadyClientAsync();
        return await client.AskAsync(question);
    }

    private static (string File, int Number) FirstCitation(JsonElement answer)
    {
        var first = answer.GetProperty("citations")[0];
        return (first.GetProperty("documentFile").GetString()!, first.GetProperty("articleNumber").GetInt32());
    }

    [Fact]
    public async Task Asked_whether_labour_arbitration_costs_money_the_first_sentence_says_it_is_free()
    {
        var answer = await AskAsync("申请劳动仲裁要不要交钱");
        Assert.Contains("不收费", answer.GetProperty("answer").GetString()!.Split('\n')[0]);
        Assert.Equal(("laodong-zhengyi-tiaojie-zhongcai-fa-2007.md", 53), FirstCitation(answer));
    }

    [Fact]
    public async Task Housing_fund_question_names_the_department_and_cites_no_article()
    {
        var answer = await AskAsync("住房公积金怎么提取");
        Assert.True(answer.GetProperty("abstained").GetBoolean());
        Assert.Equal(0, answer.GetProperty("citations").GetArrayLength());
        Assert.Equal("housing-fund", answer.GetProperty("referral").GetProperty("id").GetString());
        var text = answer.GetProperty("answer").GetString()!;
        Assert.Contains("住房公积金管理中心", text);
        Assert.Contains("12329", text);
        Assert.Contains("查询办理进度", text); // the menu follows
    }

    [Theory]
    [InlineData("医保定点医院怎么查", "medical-insurance")]
    [InlineData("孩子户口怎么迁到城里", "household-registration")]
    [InlineData("生二胎要去哪里办生育登记", "birth-registration")]
    [InlineData("离职了公积金能全部取出来吗", "housing-fund")] // 离职 beside the cue is no labour story
    [InlineData("孩子上小学是按户口还是按房子划片", "education")] // 户口 here is about school places
    [InlineData("卖房子要交哪些税", "tax")]
    [InlineData("公租房怎么申请，要什么条件", "housing-security")] // was answered with a retrial article
    public async Task Matters_outside_our_laws_are_referred_to_who_handles_them(string question, string referral)
    {
        var answer = await AskAsync(question);
        Assert.Equal(0, answer.GetProperty("citations").GetArrayLength());
        Assert.Equal(referral, answer.GetProperty("referral").GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("县里新建的体育馆什么时候对外开放")]
    [InlineData("我们镇上那座公厕什么时候能修好")]
    public async Task A_public_matter_nothing_of_ours_answers_is_referred_to_12345(string question)
    {
        var answer = await AskAsync(question);
        Assert.Equal(0, answer.GetProperty("citations").GetArrayLength());
        Assert.Equal("general", answer.GetProperty("referral").GetProperty("id").GetString());
        Assert.Contains("12345", answer.GetProperty("answer").GetString()!);
    }

    [Fact]
    public async Task Chit_chat_is_declined_without_sending_anyone_to_12345()
    {
        var answer = await AskAsync("你平时喜欢看什么电影");
        Assert.True(answer.GetProperty("abstained").GetBoolean());
        Assert.True(!answer.TryGetProperty("referral", out var referral) || referral.ValueKind == JsonValueKind.Null);
        Assert.DoesNotContain("12345", answer.GetProperty("answer").GetString()!);
    }

    [Fact]
    public async Task A_departments_word_inside_a_labour_story_does_not_turn_it_into_a_referral()
    {
        // 产假 and 注销公司 are the words of two departments' matters; the question is whether a contract can end.
        var answer = await AskAsync("单位说要关门注销公司了，我老婆还在休产假，能直接跟她解除劳动合同吗");
        Assert.False(answer.GetProperty("abstained").GetBoolean());
        Assert.False(answer.TryGetProperty("referral", out _));
        Assert.Equal("laodong-hetong-fa-2012.md", FirstCitation(answer).File);
    }

    [Theory]
    [InlineData("我有个调整城里公交线路的好想法，想提给市里，走什么渠道")]
    [InlineData("对市里的垃圾分类我有几条建议，往哪里提")]
    public async Task A_suggestion_about_a_public_service_is_the_suggestion_route_not_a_referral(string question)
    {
        var answer = await AskAsync(question);
        Assert.False(answer.GetProperty("abstained").GetBoolean());
        Assert.Equal("suggestion", answer.GetProperty("routes")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_date_running_into_the_next_word_is_not_read_as_a_foreign_country()
    {
        // "30日本人" is the 30th and 本人, not 日本.
        var answer = await AskAsync("我今年8月7日进的公司，10月30日本人提出辞职，公司不给办离职手续还扣工资，怎么办");
        Assert.False(answer.GetProperty("abstained").GetBoolean());
        Assert.Equal("laodong-hetong-fa-2012.md", FirstCitation(answer).File);
    }

    [Theory]
    [InlineData("试用期被辞退有补偿吗", "辞退", "第二十一条")] // the card opens with how long probation may be
    [InlineData("租客拖欠房租怎么办", "拖欠房租", "第七百二十二条")] // the card opens with a sale of the flat
    public async Task The_paragraph_headed_by_what_was_asked_leads(string question, string heading, string article)
    {
        var answer = await AskAsync(question);
        var first = answer.GetProperty("answer").GetString()!.Split('\n')[0];
        Assert.StartsWith(heading, first);
        Assert.Contains(article, first);
    }

    [Fact]
    public async Task A_developer_late_with_the_flat_is_a_contract_breach_not_refused()
    {
        var answer = await AskAsync("开发商延期交房怎么赔");
        Assert.False(answer.GetProperty("abstained").GetBoolean());
        Assert.Equal(("minfadian-hetong-bian-2020.md", 585), FirstCitation(answer));
        Assert.Equal("civil-litigation", answer.GetProperty("routes")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_pregnant_employee_dismissed_is_told_the_protection_first()
    {
        var answer = await AskAsync("怀孕被公司辞退怎么办");
        Assert.Equal(("laodong-hetong-fa-2012.md", 42), FirstCitation(answer));
    }

    [Theory]
    [InlineData("饭店规定不准自带酒水，合法吗", "xiaofeizhe-quanyi-baohu-fa-2013.md", 26)] // was a labour card (规定)
    [InlineData("商家不肯给开发票", "xiaofeizhe-quanyi-baohu-fa-2013.md", 22)] // was sent to the tax office (发票)
    [InlineData("父母把房子过户给我了，现在又想要回去能行吗", "minfadian-hetong-bian-2020.md", 658)] // was sent to property registration (过户)
    [InlineData("老板说我干不好活要把我开了", "laodong-hetong-fa-2012.md", 40)] // was the minimum-wage card
    [InlineData("买的商品房面积比合同上少了好几个平方", "minfadian-hetong-bian-2020.md", 582)] // was refused
    [InlineData("劳动仲裁开庭的时候公司不来怎么办", "laodong-zhengyi-tiaojie-zhongcai-fa-2007.md", 36)] // was the one-year time limit
    [InlineData("美容院给我做了一次护理，脸就过敏了", "xiaofeizhe-quanyi-baohu-fa-2013.md", 18)] // was refused as a medical question
    [InlineData("商家打折后又恢复原价，说之前的价格标错了", "minfadian-hetong-bian-2020.md", 491)] // was refused
    [InlineData("已经在法院打官司了，还能同时去信访吗", "xinfang-gongzuo-tiaoli-2022.md", 28)] // was answered with reconsideration articles
    [InlineData("我想提前退租，房东说押金一分不退，合理吗", "minfadian-hetong-bian-2020.md", 577)] // was the sale of a rented flat
    public async Task Everyday_questions_a_new_user_asked_are_answered_from_the_law_that_fits(string question, string file, int article)
    {
        var answer = await AskAsync(question);
        Assert.False(answer.GetProperty("abstained").GetBoolean());
        var cited = answer.GetProperty("citations").EnumerateArray().Take(3)
            .Select(c => (c.GetProperty("documentFile").GetString(), c.GetProperty("articleNumber").GetInt32())).ToList();
        Assert.Contains((file, article), cited);
    }

    [Fact]
    public async Task The_article_of_the_paragraph_the_question_picked_is_cited_first()
    {
        // The lease card opens with a sale of the flat (第七百二十五条); the question is about unpaid rent.
        var answer = await AskAsync("租客拖欠房租怎么办");
        Assert.Equal(("minfadian-hetong-bian-2020.md", 722), FirstCitation(answer));
    }

    [Fact]
    public async Task The_card_that_fits_clearly_best_is_cited_first_not_a_weaker_cards_article()
    {
        // The hearing card matches far better; the one-year time limit only shares 劳动仲裁 and 怎么办.
        var answer = await AskAsync("劳动仲裁开庭的时候公司不来怎么办");
        Assert.Equal(("laodong-zhengyi-tiaojie-zhongcai-fa-2007.md", 36), FirstCitation(answer));
        Assert.Contains("缺席裁决", answer.GetProperty("answer").GetString()!.Split('\n')[0]);
    }

    [Fact]
    public async Task A_lifts_yearly_inspection_is_not_sent_to_the_traffic_police()
    {
        var answer = await AskAsync("电梯年检怎么办");
        Assert.Equal(0, answer.GetProperty("citations").GetArrayLength());
        Assert.Equal("general", answer.GetProperty("referral").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Employer_not_paying_social_insurance_is_a_labour_dispute_not_a_referral()
    {
        var answer = await AskAsync("公司不给交社保，我想辞职，能要补偿吗");
        Assert.False(answer.GetProperty("abstained").GetBoolean());
        Assert.Equal("laodong-hetong-fa-2012.md", FirstCitation(answer).File);
        Assert.NotEqual("state-compensation", answer.GetProperty("routes")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Homophone_typos_are_read_as_the_terms_meant()
    {
        var typed = await AskAsync("信仿事项申请复合要在多少天内");
        var meant = await AskAsync("信访事项申请复核要在多少天内");
        Assert.False(typed.GetProperty("abstained").GetBoolean());
        Assert.Equal(FirstCitation(meant), FirstCitation(typed));
        Assert.Equal(("xinfang-gongzuo-tiaoli-2022.md", 36), FirstCitation(typed));
    }

    [Fact]
    public async Task An_article_quoted_inside_a_longer_question_is_context_not_the_answer()
    {
        var story = await AskAsync("劳动合同法第十条说要签书面合同，可老板干了一年多都没跟我签，我能主张啥");
        Assert.Equal(("laodong-hetong-fa-2012.md", 82), FirstCitation(story));
        var lookup = await AskAsync("劳动合同法第十条是怎么规定的");
        Assert.Equal(("laodong-hetong-fa-2012.md", 10), FirstCitation(lookup));
    }

    [Fact]
    public async Task A_lease_penalty_is_answered_from_contract_law_not_labour_law()
    {
        var answer = await AskAsync("租房提前退租房东要违约金");
        Assert.Equal("minfadian-hetong-bian-2020.md", FirstCitation(answer).File);
        var routes = answer.GetProperty("routes").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.DoesNotContain("labor-arbitration", routes);
    }

    [Theory]
    [InlineData("对法院判决不服去上访有用吗")]
    [InlineData("老板拖欠工资怎么办")]
    public async Task A_list_is_never_cut_from_the_line_that_introduces_it(string question)
    {
        var lines = (await AskAsync(question)).GetProperty("answer").GetString()!.Split('\n');
        for (var i = 0; i < lines.Length; i++)
            if (lines[i].TrimEnd().EndsWith('：'))
                Assert.True(i + 1 < lines.Length && lines[i + 1].Trim().Length > 0, $"“{lines[i]}” is followed by nothing");
    }

    [Fact]
    public async Task Four_ways_are_followed_by_four_items()
    {
        var text = (await AskAsync("老板拖欠工资怎么办")).GetProperty("answer").GetString()!;
        Assert.Contains("四条路", text);
        Assert.Contains("4. ", text);
    }

    [Fact]
    public async Task Asked_which_city_to_arbitrate_in_the_answer_starts_with_where()
    {
        var answer = await AskAsync("我住惠州，在佛山的分公司干活，总部在广州，劳动仲裁该去哪个城市申请");
        Assert.Contains("履行地", answer.GetProperty("answer").GetString()!.Split('\n')[0]);
        Assert.Equal(("laodong-zhengyi-tiaojie-zhongcai-fa-2007.md", 21), FirstCitation(answer));
    }

    [Fact]
    public async Task What_is_petitioning_is_answered_with_the_article_that_says_what_it_is()
    {
        Assert.Equal(("xinfang-gongzuo-tiaoli-2022.md", 17), FirstCitation(await AskAsync("信访是什么意思")));
    }

    [Fact]
    public async Task A_traffic_accident_gets_mediation_or_a_lawsuit_not_commercial_arbitration()
    {
        var answer = await AskAsync("出了交通事故对方不赔怎么办");
        Assert.False(answer.GetProperty("abstained").GetBoolean());
        var routes = answer.GetProperty("routes").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Contains(routes[0], new[] { "people-mediation", "civil-litigation" });
        Assert.DoesNotContain("commercial-arbitration", routes);
    }

    [Fact]
    public async Task Ruling_out_the_court_is_not_asking_for_it()
    {
        var answer = await AskAsync("公司已经三个月没发工资了，我不想打官司，就想让政府出面管管");
        var routes = answer.GetProperty("routes").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal("labor-inspection", routes[0]);
    }

    [Fact]
    public async Task A_question_in_traditional_characters_is_answered_like_the_same_in_simplified()
    {
        var answer = await AskAsync("手機出現質量問題可以退換嗎");
        Assert.False(answer.GetProperty("abstained").GetBoolean());
        Assert.Equal("xiaofeizhe-quanyi-baohu-fa-2013.md", FirstCitation(answer).File);
    }
}
