using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.BotFramework;

/// <summary>
/// Everything of the Bot Framework that lives outside this machine, on loopback and speaking the real protocol:
/// OpenID metadata with a JWKS (with endorsements), the AAD token endpoint and the Bot Connector REST API.
/// </summary>
public sealed class FakeBotFrameworkCloud : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";
    public const string AppId = "11111111-2222-3333-4444-555555555555";
    public const string AppPassword = "fake-secret";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, SigningKey> _published = new();
    private int _tokenCounter;

    public string BaseUrl { get; private set; } = "";
    public string MetadataUrl => $"{BaseUrl}/v1/.well-known/openidconfiguration";
    public string TokenEndpoint => $"{BaseUrl}/botframework.com/oauth2/v2.0/token";
    /// <summary>The serviceUrl activities come from: the fake connector.</summary>
    public string ServiceUrl => $"{BaseUrl}/connector/";

    public ConcurrentQueue<ConnectorCall> ConnectorCalls { get; } = new();
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> TokenRequests { get; } = new();
    public int MetadataFetches => _metadataFetches;
    private int _metadataFetches;
    /// <summary>Statuses the connector answers with before it answers 200 again (for retry tests).</summary>
    public ConcurrentQueue<HttpStatusCode> ConnectorFailures { get; } = new();

    public SigningKey Key { get; }
    /// <summary>A published key the connector endorses for Teams only.</summary>
    public SigningKey TeamsOnlyKey { get; }

    private FakeBotFrameworkCloud(WebApplication app)
    {
        _app = app;
        Key = Publish("key-1", "webchat", "msteams", "emulator", "directline");
        TeamsOnlyKey = Publish("key-2", "msteams");
        MapRoutes();
    }

    public static async Task<FakeBotFrameworkCloud> StartAsync()
    {
        var builder = Loopback.CreateBuilder();
        var cloud = new FakeBotFrameworkCloud(builder.Build());
        cloud.BaseUrl = await Loopback.StartAsync(cloud._app);
        return cloud;
    }

    /// <summary>Adds a key to the JWKS; the connector endorses it for the given channels.</summary>
    public SigningKey Publish(string kid, params string[] endorsements)
    {
        var key = new SigningKey(kid, RSA.Create(2048), endorsements);
        _published[kid] = key;
        return key;
    }

    /// <summary>A key that signs tokens but is not in the JWKS.</summary>
    public static SigningKey Unpublished(string kid) => new(kid, RSA.Create(2048), ["webchat"]);

    public void Unpublish(string kid) => _published.TryRemove(kid, out _);

    public string CreateToken(
        string serviceUrl,
        SigningKey? key = null,
        string audience = AppId,
        string issuer = Issuer,
        DateTime? expires = null)
    {
        var now = DateTime.UtcNow;
        var exp = expires ?? now.AddHours(1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = exp.AddHours(-1),
            NotBefore = exp.AddHours(-1),
            Expires = exp,
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl },
            SigningCredentials = new SigningCredentials(
                new RsaSecurityKey((key ?? Key).Rsa) { KeyId = (key ?? Key).Kid }, SecurityAlgorithms.RsaSha256),
        });
    }

    public ConnectorCall[] CallsFor(string conversationId) =>
        ConnectorCalls.Where(c => c.ConversationId == conversationId).ToArray();

    private void MapRoutes()
    {
        _app.MapGet("/v1/.well-known/openidconfiguration", () =>
        {
            Interlocked.Increment(ref _metadataFetches);
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = Issuer,
                ["authorization_endpoint"] = "https://invalid.botframework.com",
                ["jwks_uri"] = $"{BaseUrl}/v1/.well-known/keys",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
            });
        });
        _app.MapGet("/v1/.well-known/keys", () =>
        {
            var keys = new JsonArray();
            foreach (var key in _published.Values)
            {
                var p = key.Rsa.ExportParameters(false);
                keys.Add(new JsonObject
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["kid"] = key.Kid,
                    ["n"] = Base64UrlEncoder.Encode(p.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                    ["endorsements"] = new JsonArray(key.Endorsements.Select(e => (JsonNode)e!).ToArray()),
                });
            }
            return Results.Text(new JsonObject { ["keys"] = keys }.ToJsonString(), "application/json");
        });
        _app.MapPost("/botframework.com/oauth2/v2.0/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            TokenRequests.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            if (form["client_id"] != AppId || form["client_secret"] != AppPassword) return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            return Results.Json(new Dictionary<string, object>
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = 3599,
                ["ext_expires_in"] = 3599,
                ["access_token"] = $"connector-token-{Interlocked.Increment(ref _tokenCounter)}",
            });
        });
        _app.MapPost("/connector/v3/conversations/{conversationId}/activities/{replyToId?}",
            async (string conversationId, string? replyToId, HttpRequest request) =>
            {
                var body = await JsonNode.ParseAsync(request.Body);
                ConnectorCalls.Enqueue(new ConnectorCall(
                    conversationId, replyToId, request.Headers.Authorization.ToString(), body!.AsObject()));
                if (ConnectorFailures.TryDequeue(out var failure)) return Results.StatusCode((int)failure);
                return Results.Json(new { id = Guid.NewGuid().ToString("N") });
            });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    public sealed record SigningKey(string Kid, RSA Rsa, string[] Endorsements);
}

/// <summary>One POST the bot made to the fake Bot Connector.</summary>
public sealed record ConnectorCall(string ConversationId, string? ReplyToId, string Authorization, JsonObject Activity)
{
    public string? Type => Activity["type"]?.GetValue<string>();
    public string? Text => Activity["text"]?.GetValue<string>();
}
