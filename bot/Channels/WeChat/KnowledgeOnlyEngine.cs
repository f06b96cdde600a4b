using PetitionBot.Bot.Conversation;
using PetitionBot.Knowledge;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>
/// Used only when no conversation engine is registered (it is added with TryAdd, after AddConversation), so the
/// channel answers questions from the knowledge base while the conversation feature is not yet in the build.
/// </summary>
internal sealed class KnowledgeOnlyEngine(IKnowledgeBase knowledge) : IConversationEngine
{
    private const string Welcome = "您好，这里是信访助手。请直接输入您想咨询的问题，例如“信访事项多长时间办结”。";

    public Task<IReadOnlyList<BotReply>> HandleAsync(IncomingMessage message, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(message.Text))
        {
            return Task.FromResult<IReadOnlyList<BotReply>>(message.Event?.Kind == "unsubscribe" ? [] : [new BotReply(Welcome)]);
        }
        var answer = knowledge.Ask(message.Text);
        var cards = answer.Routes.Select(r => new ReplyCard(r.Name, $"{r.Handler}；{r.Deadline}")).ToList();
        var cited = answer.Citations.Count == 0
            ? answer.Answer
            : answer.Answer + "\n依据：" + string.Join("、", answer.Citations.Select(c => c.Document + c.Article));
        return Task.FromResult<IReadOnlyList<BotReply>>([new BotReply(cited, Cards: cards)]);
    }
}
