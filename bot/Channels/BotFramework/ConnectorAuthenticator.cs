using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PetitionBot.Bot.Channels.BotFramework;

/// <summary>
/// Checks the bearer token of an activity from the Bot Connector (Bot Framework connector authentication):
/// signed with a published key that is endorsed for the activity's channel, issued by a trusted issuer for this bot,
/// within its lifetime (5 minutes skew), and naming the serviceUrl the activity asks us to answer.
/// </summary>
internal sealed class ConnectorAuthenticator(
    ConnectorSigningKeys keys,
    TrustedServiceUrls trustedServiceUrls,
    IOptions<BotFrameworkOptions> options,
    TimeProvider time,
    ILogger<ConnectorAuthenticator> logger)
{
    private static readonly JsonWebTokenHandler Handler = new();
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>True when the request may be answered; the serviceUrl is then trusted for replies.</summary>
    public async Task<bool> AuthenticateAsync(string? authorization, Activity activity, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.AuthenticationEnabled)
        {
            // Emulator mode: only a serviceUrl on this machine may be called back, so an open endpoint is no relay.
            if (!IsLoopback(activity.ServiceUrl)) return Reject("auth is off and the serviceUrl is not on loopback");
            trustedServiceUrls.Trust(activity.ServiceUrl!);
            return true;
        }

        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Reject("no bearer token");
        }
        var token = authorization["Bearer ".Length..].Trim();
        if (!Handler.CanReadToken(token)) return Reject("unreadable token");

        var kid = Handler.ReadJsonWebToken(token).Kid;
        var key = await keys.FindAsync(kid, cancellationToken);
        if (key is null) return Reject("unknown signing key");

        var result = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuers = settings.Issuers,
            ValidAudience = settings.MicrosoftAppId,
            IssuerSigningKey = key.Key,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            // Lifetime against TimeProvider rather than the wall clock, with the spec's five minutes of skew.
            LifetimeValidator = (notBefore, expires, _, _) => IsWithinLifetime(notBefore, expires),
        });
        if (!result.IsValid) return Reject(result.Exception?.GetType().Name ?? "invalid token");

        var jwt = (JsonWebToken)result.SecurityToken;
        if (!jwt.TryGetPayloadValue<string>("serviceurl", out var serviceUrl)
            || !TrustedServiceUrls.SameUrl(serviceUrl, activity.ServiceUrl))
        {
            return Reject("serviceurl claim does not match the activity");
        }
        if (string.IsNullOrEmpty(activity.ChannelId) || !key.Endorsements.Contains(activity.ChannelId))
        {
            return Reject("signing key is not endorsed for the channel");
        }

        trustedServiceUrls.Trust(activity.ServiceUrl!);
        return true;
    }

    private bool IsWithinLifetime(DateTime? notBefore, DateTime? expires)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return expires is { } exp && exp.ToUniversalTime() + ClockSkew > now
               && (notBefore is not { } nbf || nbf.ToUniversalTime() - ClockSkew <= now);
    }

    private bool Reject(string reason)
    {
        logger.LogWarning("Rejected a Bot Framework request: {Reason}", reason);
        return false;
    }

    private static bool IsLoopback(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
