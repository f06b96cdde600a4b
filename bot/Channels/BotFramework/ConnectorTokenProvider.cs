using System.Text.Json;
using Microsoft.Extensions.Options;

namespace PetitionBot.Bot.Channels.BotFramework;

/// <summary>
/// The bot's own bearer token for calls to the Bot Connector (OAuth2 client credentials), kept until five minutes
/// before it expires.
/// </summary>
internal sealed class ConnectorTokenProvider(
    IHttpClientFactory httpClients,
    IOptions<BotFrameworkOptions> options,
    TimeProvider time,
    ILogger<ConnectorTokenProvider> logger)
{
    public const string HttpClientName = "BotFramework.Login";
    private static readonly TimeSpan RenewBeforeExpiry = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _renewAt;

    /// <summary>The access token, or null when auth is off (the Emulator takes unauthenticated replies).</summary>
    public async Task<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.AuthenticationEnabled) return null;
        if (_token is not null && time.GetUtcNow() < _renewAt) return _token;

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_token is not null && time.GetUtcNow() < _renewAt) return _token;

            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = settings.MicrosoftAppId!,
                ["client_secret"] = settings.MicrosoftAppPassword ?? "",
                ["scope"] = settings.OAuthScope,
            });
            using var response = await httpClients.CreateClient(HttpClientName)
                .PostAsync(settings.TokenEndpoint, form, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogError("The token endpoint answered {Status}", (int)response.StatusCode);
                response.EnsureSuccessStatusCode();
            }

            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var token = body.RootElement.GetProperty("access_token").GetString()
                        ?? throw new InvalidOperationException("The token endpoint returned no access_token.");
            var lifetime = TimeSpan.FromSeconds(ReadSeconds(body.RootElement, "expires_in") ?? 3600);
            _token = token;
            _renewAt = time.GetUtcNow() + lifetime - RenewBeforeExpiry;
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forget the token after the connector refused it.</summary>
    public void Invalidate() => _token = null;

    // Some token endpoints send expires_in as a string.
    private static double? ReadSeconds(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.Number => value.GetDouble(),
                JsonValueKind.String when double.TryParse(value.GetString(), out var s) => s,
                _ => null,
            }
            : null;
}
