using System.Text;
using PetitionBot.Bot.Channels.WeChat;
using PetitionBot.Bot.Conversation;

namespace PetitionBot.Tests.WeChat;

public class WeChatReplyTextTests
{
    [Fact]
    public void Choices_are_numbered_and_cards_are_text_lines_with_their_link()
    {
        var text = WeChatReplyText.Render([
            new BotReply("建议您走以下途径：", ["劳动仲裁", "劳动监察"], [new ReplyCard("劳动仲裁", "一年内申请", "https://example.cn/r/1")]),
        ]);
        Assert.Equal("建议您走以下途径：\n【劳动仲裁】\n一年内申请\nhttps://example.cn/r/1\n请回复序号：\n1. 劳动仲裁\n2. 劳动监察", text);
    }

    [Fact]
    public void Several_replies_become_one_message_separated_by_blank_lines()
    {
        Assert.Equal("第一条\n\n第二条", WeChatReplyText.Render([new BotReply("第一条"), new BotReply("第二条")]));
    }

    [Fact]
    public void A_late_answer_goes_in_parts_of_at_most_2048_bytes_that_keep_every_character()
    {
        var text = string.Concat(Enumerable.Range(0, 300).Select(i => $"第{i}行：信访事项应当及时办理😀\n"));
        var plan = WeChatReplyText.PlanLate(text);

        Assert.Null(plan.Passive);
        Assert.Equal(WeChatReplyText.MaxCustomerServiceMessages, plan.Later.Count);
        Assert.All(plan.Later, p => Assert.True(Encoding.UTF8.GetByteCount(p) <= WeChatReplyText.MaxBytes));
        Assert.EndsWith(WeChatReplyText.MoreHint, plan.Later[^1]); // more than the quota: the rest waits for "全文"
        var sent = string.Concat(plan.Later)[..^WeChatReplyText.MoreHint.Length];
        Assert.Equal(text.Replace("\n", ""), (sent + plan.KeepRest).Replace("\n", ""));
    }

    [Fact]
    public void An_answer_over_2048_bytes_is_shortened_at_a_line_end_and_the_rest_is_kept()
    {
        var text = string.Concat(Enumerable.Range(1, 80).Select(i => $"第{i}点：信访人可以依法提出复查请求。\n")).TrimEnd();
        var plan = WeChatReplyText.PlanPassive(text);

        Assert.True(Encoding.UTF8.GetByteCount(plan.Passive!) <= WeChatReplyText.MaxBytes);
        Assert.EndsWith(WeChatReplyText.MoreHint, plan.Passive);
        Assert.Empty(plan.Later); // nothing is sent unasked
        var head = plan.Passive![..^WeChatReplyText.MoreHint.Length];
        Assert.StartsWith(head + "\n", text); // whole lines only
        Assert.Equal(text, head + "\n" + plan.KeepRest);
    }

    [Fact]
    public void A_closing_question_with_its_choices_stays_in_the_shortened_answer()
    {
        const string question = "\n\n您和单位签过书面劳动合同吗？\n请回复序号：\n1. 签了\n2. 没有签\n3. 不清楚";
        var text = string.Concat(Enumerable.Range(1, 80).Select(i => $"第{i}点：拖欠工资可以向劳动监察投诉。\n")).TrimEnd() + question;
        var plan = WeChatReplyText.PlanPassive(text);

        Assert.True(Encoding.UTF8.GetByteCount(plan.Passive!) <= WeChatReplyText.MaxBytes);
        Assert.EndsWith(WeChatReplyText.MoreHint + question, plan.Passive);
        Assert.EndsWith(question, plan.KeepRest);
    }

    [Fact]
    public void Full_text_sends_the_rest_within_the_quota_and_keeps_what_still_does_not_fit()
    {
        var rest = new string('法', 5000); // 15,000 bytes: more than a passive reply and five more messages
        var plan = WeChatReplyText.PlanFullText(rest);

        Assert.Equal(WeChatReplyText.MaxCustomerServiceMessages, plan.Later.Count);
        var messages = plan.Later.Prepend(plan.Passive!).ToList();
        Assert.All(messages, m => Assert.True(Encoding.UTF8.GetByteCount(m) <= WeChatReplyText.MaxBytes));
        Assert.EndsWith(WeChatReplyText.MoreHint, messages[^1]);
        messages[^1] = messages[^1][..^WeChatReplyText.MoreHint.Length];
        Assert.Equal(rest, string.Concat(messages) + plan.KeepRest);
    }
}
