using System.Net;
using PetitionBot.Bot.Notifications;
using PetitionBot.Bot.Channels.Activities;

namespace PetitionBot.Bot.Channels.BotFramework;

/// <summary>Proactive notices (petition status changes) to Bot Framework users, through their stored conversation.</summary>
internal sealed class BotFrameworkNotificationSender(
    ConversationReferences references,
    BotConnectorClient connector,
    TrustedServiceUrls trustedServiceUrls,
    TimeProvider time) : INotificationSender
{
    public string Channel => BotFrameworkAdapter.Channel;

    public async Task<DeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var reference = await references.FindAsync(message.UserId, cancellationToken);
        if (reference is null) return new DeliveryResult(DeliveryOutcome.GiveUp, "no Bot Framework conversation for this user");

        // The row was written after a validated request, so its serviceUrl was vouched for by the connector.
        trustedServiceUrls.Trust(reference.ServiceUrl);
        var to = new ReplyAddress(
            reference.ChannelId,
            reference.ServiceUrl,
            new ChannelAccount(reference.BotId, reference.BotName, "bot"),
            new ChannelAccount(reference.UserId, Role: "user"),
            new ConversationAccount(reference.ConversationId),
            ReplyToId: null);
        try
        {
            var status = await connector.SendAsync(ActivityRenderer.Notice(message.Text, to, time.GetUtcNow()), cancellationToken);
            return status switch
            {
                _ when BotFrameworkAdapter.IsSuccess(status) => DeliveryResult.Delivered,
                HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError
                    => new DeliveryResult(DeliveryOutcome.RetryLater, $"connector answered {(int)status}"),
                _ => new DeliveryResult(DeliveryOutcome.GiveUp, $"connector answered {(int)status}"),
            };
        }
        catch (Exception e) when (BotConnectorClient.IsTransient(e) && !cancellationToken.IsCancellationRequested)
        {
            return new DeliveryResult(DeliveryOutcome.RetryLater, e.GetType().Name);
        }
    }
}
