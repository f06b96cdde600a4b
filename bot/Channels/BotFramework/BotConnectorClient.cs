using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using PetitionBot.Bot.Channels.Activities;

namespace PetitionBot.Bot.Channels.BotFramework;

/// <summary>Posts activities to the Bot Connector of the channel (v3 REST API).</summary>
internal sealed class BotConnectorClient(
    IHttpClientFactory httpClients,
    ConnectorTokenProvider tokens,
    TrustedServiceUrls trustedServiceUrls,
    ILogger<BotConnectorClient> logger)
{
    public const string HttpClientName = "BotFramework.Connector";

    /// <summary>
    /// Sends to {serviceUrl}/v3/conversations/{id}/activities[/{replyToId}]. Transient failures (429, 5xx) are retried
    /// by the resilience handler; the final status is returned.
    /// </summary>
    public async Task<HttpStatusCode> SendAsync(Activity activity, CancellationToken cancellationToken)
    {
        var serviceUrl = activity.ServiceUrl;
        var conversationId = activity.Conversation?.Id;
        if (!trustedServiceUrls.IsTrusted(serviceUrl) || string.IsNullOrEmpty(conversationId))
        {
            // Never reached for a validated request; a guard against calling hosts nobody vouched for.
            logger.LogWarning("Not sending to an untrusted serviceUrl {ServiceUrl}", serviceUrl);
            return HttpStatusCode.Forbidden;
        }

        var url = $"{serviceUrl!.TrimEnd('/')}/v3/conversations/{Uri.EscapeDataString(conversationId)}/activities";
        if (!string.IsNullOrEmpty(activity.ReplyToId)) url += "/" + Uri.EscapeDataString(activity.ReplyToId);

        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(activity, options: ActivityJson.Options),
        };
        var token = await tokens.GetTokenAsync(cancellationToken);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized) tokens.Invalidate();
        if (!response.IsSuccessStatusCode)
        {
            logger.LogWarning("The Bot Connector answered {Status} for a {Type} activity", (int)response.StatusCode, activity.Type);
        }
        return response.StatusCode;
    }

    /// <summary>Failures that mean "not now" rather than "never": network, timeouts, an open circuit.</summary>
    public static bool IsTransient(Exception e) =>
        e is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException
            or Polly.CircuitBreaker.BrokenCircuitException;
}
