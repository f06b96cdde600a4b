using System.Net;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Conversation;
using PetitionBot.Bot.Channels.Activities;

namespace PetitionBot.Bot.Channels.BotFramework;

/// <summary>
/// Turns an authenticated activity into engine calls and the engine's replies into activities: sent to the connector,
/// or collected for an "expectReplies" answer.
/// </summary>
internal sealed class BotFrameworkAdapter(
    IConversationEngine engine,
    BotConnectorClient connector,
    ConversationReferences references,
    IOptions<BotFrameworkOptions> options,
    TimeProvider time,
    ILogger<BotFrameworkAdapter> logger)
{
    public const string Channel = "botframework";
    public const string ExpectReplies = "expectReplies";

    /// <summary>The replies when the sender asked for them in the response; otherwise they are sent and null returned.</summary>
    public async Task<IReadOnlyList<Activity>?> ProcessAsync(Activity activity, CancellationToken cancellationToken)
    {
        var outbox = new Replies(activity.DeliveryMode == ExpectReplies);
        switch (activity.Type)
        {
            case ActivityTypes.Message when activity.From?.Id is not null:
                await references.RememberAsync(activity, activity.From, cancellationToken);
                var text = ActivityRenderer.TextOf(activity);
                var attachments = ActivityRenderer.AttachmentsOf(activity);
                if (text is null && attachments is null) break;
                await AnswerAsync(
                    new IncomingMessage(Channel, activity.From.Id, text, attachments, DeliveryId: DeliveryId(activity)),
                    ReplyAddress.For(activity), outbox, cancellationToken);
                break;

            case ActivityTypes.ConversationUpdate when activity.MembersAdded is { Count: > 0 }:
                // The bot itself is announced as a member too; only people get a welcome.
                foreach (var member in activity.MembersAdded.Where(m => m.Id is not null && m.Id != activity.Recipient?.Id))
                {
                    await references.RememberAsync(activity, member, cancellationToken);
                    await AnswerAsync(
                        new IncomingMessage(Channel, member.Id!, null, Event: new ChannelEvent(ChannelEventKinds.Welcome),
                            DeliveryId: $"{DeliveryId(activity)}/{member.Id}"),
                        ReplyAddress.For(activity, member), outbox, cancellationToken);
                }
                break;
        }
        return outbox.Collect ? outbox.Collected : null;
    }

    private async Task AnswerAsync(IncomingMessage message, ReplyAddress to, Replies outbox, CancellationToken cancellationToken)
    {
        var answering = engine.HandleAsync(message, cancellationToken);
        if (!outbox.Collect && !answering.IsCompleted)
        {
            using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var pause = Task.Delay(options.Value.TypingAfter, time, stopWaiting.Token);
            if (await Task.WhenAny(answering, pause) == pause)
            {
                await SendAsync(ActivityRenderer.Typing(to, time.GetUtcNow()), outbox, cancellationToken);
            }
            await stopWaiting.CancelAsync();
        }

        foreach (var reply in await answering)
        {
            await SendAsync(ActivityRenderer.Render(reply, to, time.GetUtcNow()), outbox, cancellationToken);
        }
    }

    private async Task SendAsync(Activity activity, Replies outbox, CancellationToken cancellationToken)
    {
        if (outbox.Collect)
        {
            outbox.Collected.Add(activity);
            return;
        }
        try
        {
            await connector.SendAsync(activity, cancellationToken);
        }
        catch (Exception e) when (BotConnectorClient.IsTransient(e) && !cancellationToken.IsCancellationRequested)
        {
            // The channel would only redeliver the same message; the reply is lost either way, so say so in the log.
            logger.LogError(e, "Could not deliver a {Type} activity to the Bot Connector", activity.Type);
        }
    }

    // Activity ids are unique within a conversation, not across them.
    private static string DeliveryId(Activity activity) => $"{activity.ChannelId}/{activity.Conversation?.Id}/{activity.Id}";

    private sealed record Replies(bool Collect)
    {
        public List<Activity> Collected { get; } = [];
    }

    internal static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;
}
