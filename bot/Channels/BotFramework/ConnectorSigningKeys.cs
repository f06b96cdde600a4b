using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace PetitionBot.Bot.Channels.BotFramework;

/// <summary>A signing key of the Bot Connector with the channels it may speak for.</summary>
internal sealed record ConnectorSigningKey(SecurityKey Key, IReadOnlySet<string> Endorsements);

/// <summary>
/// The Bot Connector's signing keys from its OpenID metadata, with each key's "endorsements" (channel ids).
/// JsonWebKeySet does not keep endorsements in a typed form, so the raw JWKS is read here.
/// Refetched after a day, and on an unknown kid at most every five minutes so forged kids cannot hammer the metadata
/// host. Written by hand rather than with ConfigurationManager: that refreshes in the background (the request
/// that meets a rotated key would still fail) and reads the wall clock instead of TimeProvider.
/// </summary>
internal sealed class ConnectorSigningKeys(
    IHttpClientFactory httpClients,
    IOptions<BotFrameworkOptions> options,
    TimeProvider time,
    ILogger<ConnectorSigningKeys> logger)
{
    public const string HttpClientName = "BotFramework.Metadata";
    internal static readonly TimeSpan MinimumRefreshInterval = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaximumAge = TimeSpan.FromHours(24);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyDictionary<string, ConnectorSigningKey> _keys = new Dictionary<string, ConnectorSigningKey>();
    private DateTimeOffset? _fetchedAt;

    /// <summary>The key with this kid, or null when it is not (or no longer) published.</summary>
    public async Task<ConnectorSigningKey?> FindAsync(string? kid, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(kid)) return null;
        var now = time.GetUtcNow();
        if (_fetchedAt is null || now - _fetchedAt >= MaximumAge)
        {
            await RefreshAsync(fetchedBefore: now - MaximumAge, cancellationToken);
        }
        if (_keys.TryGetValue(kid, out var key)) return key;

        // Unknown kid: the connector may have rotated its keys.
        await RefreshAsync(fetchedBefore: now - MinimumRefreshInterval, cancellationToken);
        return _keys.GetValueOrDefault(kid);
    }

    private async Task RefreshAsync(DateTimeOffset fetchedBefore, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Another request may have refreshed while this one waited.
            if (_fetchedAt is { } fetched && fetched > fetchedBefore) return;
            _fetchedAt = time.GetUtcNow();
            _keys = await FetchAsync(cancellationToken);
            logger.LogInformation("Loaded {Count} Bot Connector signing keys", _keys.Count);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or ArgumentException or InvalidOperationException
                                      or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Keep the keys we had; the next unknown kid may try again after the interval.
            logger.LogError(e, "Could not load the Bot Connector OpenID metadata from {Url}", options.Value.OpenIdMetadataUrl);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IReadOnlyDictionary<string, ConnectorSigningKey>> FetchAsync(CancellationToken cancellationToken)
    {
        var http = httpClients.CreateClient(HttpClientName);
        var metadata = OpenIdConnectConfiguration.Create(
            await http.GetStringAsync(options.Value.OpenIdMetadataUrl, cancellationToken));
        if (!BotFrameworkOptions.IsAllowedEndpoint(metadata.JwksUri))
        {
            throw new InvalidOperationException($"jwks_uri '{metadata.JwksUri}' is not an https URL.");
        }

        var raw = await http.GetStringAsync(metadata.JwksUri, cancellationToken);
        var endorsements = ReadEndorsements(raw);
        var keys = new Dictionary<string, ConnectorSigningKey>(StringComparer.Ordinal);
        foreach (var key in new JsonWebKeySet(raw).Keys)
        {
            if (string.IsNullOrEmpty(key.Kid) || key.Use is not (null or "sig")) continue;
            keys[key.Kid] = new ConnectorSigningKey(key, endorsements.GetValueOrDefault(key.Kid) ?? new HashSet<string>());
        }
        return keys;
    }

    private static Dictionary<string, IReadOnlySet<string>> ReadEndorsements(string jwks)
    {
        using var document = JsonDocument.Parse(jwks);
        var result = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        if (!document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array) return result;
        foreach (var key in keys.EnumerateArray())
        {
            if (!key.TryGetProperty("kid", out var kid) || kid.ValueKind != JsonValueKind.String) continue;
            var channels = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (key.TryGetProperty("endorsements", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var channel in list.EnumerateArray())
                {
                    if (channel.ValueKind == JsonValueKind.String) channels.Add(channel.GetString()!);
                }
            }
            result[kid.GetString()!] = channels;
        }
        return result;
    }
}
