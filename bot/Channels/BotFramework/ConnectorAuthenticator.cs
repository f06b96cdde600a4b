using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PetitionBot.Bot.Channels.Activities;

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
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<ConnectorAuthenticator> logger)
{
    private static readonly JsonWebTokenHandler Handler = new();
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// First step, before the body is read: the bearer token checks out (or, in Emulator mode, there is none to check).
    /// Null means 401.
    /// </summary>
    public async Task<ConnectorIdentity?> ValidateTokenAsync(string? authorization, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.AuthenticationEnabled) return ConnectorIdentity.Emulator;

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
        if (!jwt.TryGetPayloadValue<string>("serviceurl", out var serviceUrl) || string.IsNullOrEmpty(serviceUrl))
        {
            return Reject("no serviceurl claim");
        }
        return new ConnectorIdentity(serviceUrl, key.Endorsements);
    }

    /// <summary>Second step, once the activity is parsed: it matches the token. The serviceUrl is then trusted for replies.</summary>
    public bool Authorize(ConnectorIdentity identity, Activity activity)
    {
        if (identity.IsEmulator)
        {
            // Emulator mode: only in Development, and only a serviceUrl on this machine may be called back.
            if (!environment.IsDevelopment())
                return Reject("BotFramework:MicrosoftAppId is not set, and without it only the local Emulator is answered, in Development only") is not null;
            if (!ServiceUrls.IsLoopback(activity.ServiceUrl)) return Reject("auth is off and the serviceUrl is not on loopback") is not null;
        }
        else
        {
            if (!TrustedServiceUrls.SameUrl(identity.ServiceUrl, activity.ServiceUrl))
                return Reject("serviceurl claim does not match the activity") is not null;
            if (!options.Value.AllowPrivateServiceUrls && ServiceUrls.IsPrivate(activity.ServiceUrl))
                return Reject("serviceUrl on loopback or a private network (BotFramework:AllowPrivateServiceUrls is off)") is not null;
            if (string.IsNullOrEmpty(activity.ChannelId) || !identity.Endorsements.Contains(activity.ChannelId))
                return Reject("signing key is not endorsed for the channel") is not null;
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

    private ConnectorIdentity? Reject(string reason)
    {
        logger.LogWarning("Rejected a Bot Framework request: {Reason}", reason);
        return null;
    }

}

/// <summary>Who a valid token says sent the activity: the serviceUrl it names and the channels its key is endorsed for.</summary>
internal sealed record ConnectorIdentity(string? ServiceUrl, IReadOnlyCollection<string> Endorsements)
{
    /// <summary>No AppId configured: nobody is authenticated, the activity's serviceUrl decides (loopback, Development).</summary>
    public static readonly ConnectorIdentity Emulator = new(null, []);

    public bool IsEmulator => ReferenceEquals(this, Emulator);
}
