using PetitionBot.Bot.Notifications;
using PetitionBot.Bot.Channels.Activities;

namespace PetitionBot.Bot.Channels.Web.DirectLine;

/// <summary>Proactive notices to web users: appended to their latest conversation, shown at the next poll.</summary>
internal sealed class DirectLineNotificationSender(DirectLineStore store, DirectLineBot bot, TimeProvider time) : INotificationSender
{
    public string Channel => DirectLineBot.Channel;

    public async Task<DeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var conversation = await store.LatestConversationOfAsync(message.UserId, cancellationToken);
        if (conversation is null) return new DeliveryResult(DeliveryOutcome.GiveUp, "no Direct Line conversation for this user");

        var to = bot.AddressOf(new DirectLineTicket(conversation.Id, conversation.UserId, DateTimeOffset.MaxValue), replyToId: null);
        // A person's reply (转人工) is still the bot's activity, under the name of who wrote it (「值班律师 张律师」).
        if (Handoff.HandoffReplyText.SenderOf(message.Text) is { } sender && message.Kind == Handoff.HandoffDesk.OutboxKind)
            to = to with { Bot = to.Bot with { Name = sender } };
        await store.AppendAsync(conversation.Id, ActivityRenderer.Notice(message.Text, to, time.GetUtcNow()), cancellationToken);
        return DeliveryResult.Delivered;
    }
}
