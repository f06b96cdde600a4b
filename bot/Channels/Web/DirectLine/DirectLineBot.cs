using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Conversation;
using PetitionBot.Bot.Channels.Activities;

namespace PetitionBot.Bot.Channels.Web.DirectLine;

/// <summary>
/// The bot side of a Direct Line conversation: stores what the user posted, asks the engine, and appends its replies
/// for the client to poll.
/// </summary>
internal sealed class DirectLineBot(
    IConversationEngine engine,
    DirectLineStore store,
    IOptions<DirectLineOptions> options,
    TimeProvider time)
{
    public const string Channel = "directline";
    public const int MaxTextLength = 4000;

    /// <summary>Greets the user once per conversation (Direct Line's conversationUpdate, done by the service itself).</summary>
    public async Task WelcomeAsync(DirectLineTicket ticket, CancellationToken cancellationToken)
    {
        if (!await store.ClaimWelcomeAsync(ticket.ConversationId, cancellationToken)) return;
        await AnswerAsync(
            new IncomingMessage(Channel, ticket.UserId, null, Event: new ChannelEvent(ChannelEventKinds.Welcome), DeliveryId: $"{ticket.ConversationId}/welcome"),
            AddressOf(ticket, replyToId: null), cancellationToken);
    }

    /// <summary>Stores the user's activity, answers a message, and returns the activity id.</summary>
    public async Task<string> ReceiveAsync(DirectLineTicket ticket, JsonObject posted, CancellationToken cancellationToken)
    {
        var clientActivityId = (posted["channelData"] as JsonObject)?["clientActivityID"]?.GetValue<string>();
        if (clientActivityId is not null
            && await store.FindByClientActivityIdAsync(ticket.ConversationId, clientActivityId, cancellationToken) is { } seen)
        {
            return seen; // a resend after a lost response: already stored and answered
        }

        var type = posted["type"]?.GetValue<string>();
        // The server, not the client, says who spoke, where, and when.
        posted["from"] = new JsonObject { ["id"] = ticket.UserId, ["role"] = "user" };
        posted["recipient"] = new JsonObject { ["id"] = options.Value.BotId, ["name"] = options.Value.BotName, ["role"] = "bot" };
        posted["conversation"] = new JsonObject { ["id"] = ticket.ConversationId };
        posted["channelId"] = Channel;
        posted["timestamp"] = time.GetUtcNow().ToString("O");
        posted.Remove("serviceUrl");
        var id = await store.AppendAsync(ticket.ConversationId, posted, clientActivityId, cancellationToken);

        if (type == ActivityTypes.Message)
        {
            var text = ActivityRenderer.TextOf(new Activity
            {
                Text = posted["text"]?.GetValue<string>(),
                Value = posted["value"] is { } value ? System.Text.Json.JsonSerializer.SerializeToElement(value) : null,
            });
            if (text is not null)
            {
                await AnswerAsync(new IncomingMessage(Channel, ticket.UserId, text, DeliveryId: id), AddressOf(ticket, id), cancellationToken);
            }
        }
        return id;
    }

    private async Task AnswerAsync(IncomingMessage message, ReplyAddress to, CancellationToken cancellationToken)
    {
        var answering = engine.HandleAsync(message, cancellationToken);
        if (!answering.IsCompleted)
        {
            using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var pause = Task.Delay(options.Value.TypingAfter, time, stopWaiting.Token);
            if (await Task.WhenAny(answering, pause) == pause)
            {
                await store.AppendAsync(to.Conversation.Id!, ActivityRenderer.Typing(to, time.GetUtcNow()), cancellationToken);
            }
            await stopWaiting.CancelAsync();
        }
        foreach (var reply in await answering)
        {
            await store.AppendAsync(to.Conversation.Id!, ActivityRenderer.Render(reply, to, time.GetUtcNow()), cancellationToken);
        }
    }

    public ReplyAddress AddressOf(DirectLineTicket ticket, string? replyToId) => new(
        Channel,
        ServiceUrl: null,
        new ChannelAccount(options.Value.BotId, options.Value.BotName, "bot"),
        new ChannelAccount(ticket.UserId, Role: "user"),
        new ConversationAccount(ticket.ConversationId),
        replyToId);
}
