using System.Collections.Concurrent;
using PetitionBot.Bot.Conversation;

namespace PetitionBot.Tests.Support;

/// <summary>
/// The one stand-in conversation engine for channel tests: it records what it was handed and answers from a small
/// script (<see cref="Scripted"/>), or with <see cref="Answer"/> when a test sets it. <see cref="Hold"/> plays a slow answer.
/// </summary>
public sealed class FakeEngine : IConversationEngine
{
    public static readonly string[] Menu = ["法律咨询", "我要信访", "查询进度"];

    private TaskCompletionSource _entered = NewSignal();
    private TaskCompletionSource? _hold;

    public ConcurrentQueue<IncomingMessage> Received { get; } = new();

    public IncomingMessage[] From(string userId) => Received.Where(m => m.UserId == userId).ToArray();

    /// <summary>What the engine answers; by default <see cref="Scripted"/>.</summary>
    public Func<IncomingMessage, IReadOnlyList<BotReply>> Answer { get; set; } = Scripted;

    /// <summary>
    /// A welcome with the menu, a cited answer with a route card for wage arrears, the start of a form for "我要信访";
    /// otherwise the text it understood, the first attachment or the event's kind and key.
    /// </summary>
    public static IReadOnlyList<BotReply> Scripted(IncomingMessage m)
    {
        if (m.Event?.Kind == ChannelEventKinds.Welcome) return [new BotReply("您好，我是信访助手。请选择您要办理的事项：", Menu)];
        if (m.Text is { } text)
        {
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
            if (text == "我要信访") return [new BotReply("好的，我们开始登记信访事项。请问您的姓名？")];
            return [new BotReply($"您问的是：{text}")];
        }
        if (m.Attachments is { Count: > 0 } files) return [new BotReply($"收到{files[0].Kind}：{files[0].MediaId} {files[0].Url}")];
        return [new BotReply($"事件：{m.Event?.Kind} {m.Event?.Key}".TrimEnd())];
    }

    /// <summary>Answers wait until Release is called; <see cref="Entered"/> waits for the next message from now on.</summary>
    public void Hold()
    {
        _entered = NewSignal();
        _hold = NewSignal();
    }

    public void Release() => _hold?.TrySetResult();

    /// <summary>Completes when the engine has been handed a message (since the last <see cref="Hold"/>).</summary>
    public Task Entered => _entered.Task;

    public async Task<IReadOnlyList<BotReply>> HandleAsync(IncomingMessage message, CancellationToken cancellationToken = default)
    {
        Received.Enqueue(message);
        _entered.TrySetResult();
        if (_hold is { } hold) await hold.Task.WaitAsync(cancellationToken);
        return Answer(message);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
