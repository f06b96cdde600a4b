using System.Collections.Concurrent;

namespace PetitionBot.Bot.Channels.BotFramework;

/// <summary>
/// The serviceUrls that arrived with a valid token. Replies go only there, so a forged activity cannot make the bot
/// send its connector token to a host of the attacker's choosing.
/// </summary>
internal sealed class TrustedServiceUrls
{
    private readonly ConcurrentDictionary<string, byte> _urls = new(StringComparer.OrdinalIgnoreCase);

    public void Trust(string serviceUrl) => _urls.TryAdd(Normalize(serviceUrl), 0);

    public bool IsTrusted(string? serviceUrl) =>
        serviceUrl is not null && _urls.ContainsKey(Normalize(serviceUrl)) && BotFrameworkOptions.IsAllowedEndpoint(serviceUrl);

    public static bool SameUrl(string? a, string? b) =>
        a is not null && b is not null && string.Equals(Normalize(a), Normalize(b), StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string url) => url.Trim().TrimEnd('/');
}
