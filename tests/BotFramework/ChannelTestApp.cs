using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.BotFramework;

/// <summary>
/// The test host for the Bot Framework and web channels: the scripted engine unless the real one is asked for, and
/// optionally Kestrel on 127.0.0.1 for a browser.
/// </summary>
public sealed class ChannelTestApp : TestApp
{
    public ChannelTestApp(
        IReadOnlyDictionary<string, string?>? settings = null,
        TimeProvider? time = null,
        bool realEngine = false,
        bool kestrel = false,
        TestDatabase? database = null,
        Action<IServiceCollection>? services = null)
        : base(database, time, fakeEngine: !realEngine, services, kestrel)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) Settings[key] = value;
    }

    /// <summary>Settings for a bot whose Bot Framework partners are the given loopback fakes.</summary>
    public static Dictionary<string, string?> BotFrameworkSettings(FakeBotFrameworkCloud cloud) => new()
    {
        ["BotFramework:MicrosoftAppId"] = FakeBotFrameworkCloud.AppId,
        ["BotFramework:MicrosoftAppPassword"] = FakeBotFrameworkCloud.AppPassword,
        ["BotFramework:OpenIdMetadataUrl"] = cloud.MetadataUrl,
        ["BotFramework:TokenEndpoint"] = cloud.TokenEndpoint,
        ["BotFramework:Resilience:Retry:Delay"] = "00:00:00.010",
        ["BotFramework:Resilience:Retry:UseJitter"] = "false",
        // The fake cloud listens on loopback.
        ["BotFramework:AllowPrivateServiceUrls"] = "true",
    };
}
