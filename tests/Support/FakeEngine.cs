using System.Collections.Concurrent;
using PetitionBot.Bot.Conversation;

namespace PetitionBot.Tests.WeChat;

/// <summary>
/// A stand-in conversation engine: answers with what it understood, and can be held to play a slow answer.
/// </summary>
public sealed class FakeEngine : IConversationEngine
{
    private TaskCompletionSource _entered = NewSignal();
    private TaskCompletionSource? _hold;

    public ConcurrentQueue<IncomingMessage> Received { get; } = new();

    /// <summary>What the engine answers; by default it echoes the text or names the event.</summary>
    public Func<IncomingMessage, IReadOnlyList<BotReply>> Answer { get; set; } = Echo;

    public static IReadOnlyList<BotReply> Echo(IncomingMessage m)
    {
        if (m.Text is not null) return [new BotReply($"您问的是：{m.Text}")];
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
