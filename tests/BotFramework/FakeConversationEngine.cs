using System.Collections.Concurrent;
using PetitionBot.Bot.Conversation;

namespace PetitionBot.Tests.BotFramework;

/// <summary>
/// A small scripted engine so channel tests see deterministic replies: a welcome with the menu, a cited answer with a
/// route card for wage arrears, an echo otherwise. "慢" waits until the test releases it (typing indicator tests).
/// </summary>
public sealed class FakeConversationEngine : IConversationEngine
{
    public static readonly string[] Menu = ["法律咨询", "我要信访", "查询进度"];

    public ConcurrentQueue<IncomingMessage> Received { get; } = new();
    public TaskCompletionSource SlowAnswerGate { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ResetGate() => SlowAnswerGate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<IReadOnlyList<BotReply>> HandleAsync(IncomingMessage message, CancellationToken cancellationToken = default)
    {
        Received.Enqueue(message);
        if (message.Event?.Kind == "welcome")
        {
            return [new BotReply("您好，我是信访助手。请选择您要办理的事项：", Menu)];
        }
        var text = message.Text ?? "";
        if (text == "慢")
        {
            await SlowAnswerGate.Task.WaitAsync(cancellationToken);
            return [new BotReply("让您久等了。")];
        }
        if (text.Contains("拖欠工资"))
        {
            return
            [
                new BotReply(
                    "拖欠工资属于劳动争议，可以先向劳动保障监察机构投诉，或者申请劳动争议仲裁。（依据：《信访工作条例》第三十一条）",
                    ["我要信访", "返回菜单"],
                    [new ReplyCard("劳动争议仲裁", "向劳动人事争议仲裁委员会申请仲裁，时效一年。", "https://example.org/routes/labor-arbitration")]),
            ];
        }
        if (text == "我要信访")
        {
            return [new BotReply("好的，我们开始登记信访事项。请问您的姓名？")];
        }
        return [new BotReply($"您说：{text}")];
    }

    public IncomingMessage[] From(string userId) => Received.Where(m => m.UserId == userId).ToArray();
}
