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
    public void Split_parts_never_exceed_2048_bytes_and_keep_every_character()
    {
        var text = string.Concat(Enumerable.Range(0, 300).Select(i => $"第{i}行：信访事项应当及时办理😀\n"));
        var parts = WeChatReplyText.Split(text, WeChatReplyText.MaxBytes);
        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.True(Encoding.UTF8.GetByteCount(p) <= WeChatReplyText.MaxBytes));
        Assert.Equal(text.Replace("\n", ""), string.Concat(parts).Replace("\n", ""));
    }

    [Fact]
    public void An_answer_longer_than_three_messages_is_shortened_with_a_full_text_hint()
    {
        var text = new string('法', 5000); // 15,000 bytes: more than a passive reply and two more messages
        var plan = WeChatReplyText.PlanPassive(text);
        Assert.EndsWith("回复“全文”查看）", plan.Passive);
        Assert.True(Encoding.UTF8.GetByteCount(plan.Passive!) <= WeChatReplyText.MaxBytes);
        Assert.Empty(plan.Later);
        Assert.Equal(text, plan.KeepFullText);
    }
}
