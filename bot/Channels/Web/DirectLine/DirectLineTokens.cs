using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Channels.Web.DirectLine;

/// <summary>What a valid token grants: one conversation, as one user.</summary>
public sealed record DirectLineTicket(string ConversationId, string UserId, DateTimeOffset Expires);

public enum TokenCheck { Valid, Invalid, Expired }

/// <summary>
/// Direct Line tokens: JWTs signed by the bot (HS256) carrying "conv" and "user" like the Azure service's, so Web Chat
/// takes the user id from the token and nobody can speak as another user or read another conversation.
/// </summary>
internal sealed class DirectLineTokens(
    IServiceScopeFactory scopes,
    IOptions<DirectLineOptions> options,
    TimeProvider time,
    ILogger<DirectLineTokens> logger)
{
    private const string Issuer = "petitionbot/directline";
    private const string Audience = "directline";
    private static readonly JsonWebTokenHandler Handler = new();

    private readonly SemaphoreSlim _gate = new(1, 1);
    private SymmetricSecurityKey? _key;

    public async Task<(string Token, int ExpiresIn)> IssueAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var lifetime = options.Value.TokenLifetime;
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = new Dictionary<string, object> { ["conv"] = conversationId, ["user"] = userId },
            SigningCredentials = new SigningCredentials(await KeyAsync(cancellationToken), SecurityAlgorithms.HmacSha256),
        });
        return (token, (int)lifetime.TotalSeconds);
    }

    /// <summary>Reads "Authorization: Bearer …": forged or malformed is Invalid (401), past its expiry Expired (403).</summary>
    public async Task<(TokenCheck Check, DirectLineTicket? Ticket)> CheckAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return (TokenCheck.Invalid, null);
        var token = authorization["Bearer ".Length..].Trim();
        if (!Handler.CanReadToken(token)) return (TokenCheck.Invalid, null);

        var result = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = await KeyAsync(cancellationToken),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            // Lifetime is checked below against TimeProvider, to tell an expired token from a forged one.
            ValidateLifetime = false,
        });
        if (!result.IsValid)
        {
            logger.LogWarning("Rejected a Direct Line token: {Reason}", result.Exception?.GetType().Name);
            return (TokenCheck.Invalid, null);
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        if (!jwt.TryGetPayloadValue<string>("conv", out var conversationId) || !jwt.TryGetPayloadValue<string>("user", out var userId)
            || string.IsNullOrEmpty(conversationId) || string.IsNullOrEmpty(userId))
        {
            return (TokenCheck.Invalid, null);
        }
        var ticket = new DirectLineTicket(conversationId, userId, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero));
        return ticket.Expires <= time.GetUtcNow() ? (TokenCheck.Expired, ticket) : (TokenCheck.Valid, ticket);
    }

    private async Task<SymmetricSecurityKey> KeyAsync(CancellationToken cancellationToken)
    {
        if (_key is not null) return _key;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_key is not null) return _key;
            var configured = options.Value.TokenSigningKey;
            _key = new SymmetricSecurityKey(string.IsNullOrEmpty(configured)
                ? await StoredKeyAsync(cancellationToken)
                : Encoding.UTF8.GetBytes(configured));
            return _key;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<byte[]> StoredKeyAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        var stored = await db.Set<DirectLineSigningKey>().AsNoTracking().FirstOrDefaultAsync(k => k.Id == 1, cancellationToken);
        if (stored is not null) return Convert.FromBase64String(stored.Key);

        db.Add(new DirectLineSigningKey
        {
            Id = 1,
            Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            CreatedUtc = time.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Generated the Direct Line token signing key");
        }
        catch (DbUpdateException)
        {
            // Another instance stored its key first; everyone uses that one.
        }
        db.ChangeTracker.Clear();
        var key = await db.Set<DirectLineSigningKey>().AsNoTracking().FirstAsync(k => k.Id == 1, cancellationToken);
        return Convert.FromBase64String(key.Key);
    }
}
