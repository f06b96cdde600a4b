using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Conversation;
using PetitionBot.Bot.Notifications;

namespace PetitionBot.Bot.Channels.BotFramework;

public static class BotFrameworkExtensions
{
    public static IHostApplicationBuilder AddBotFramework(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(BotFrameworkOptions.Section);
        builder.Services.AddOptions<BotFrameworkOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BotFrameworkOptions>, BotFrameworkOptionsValidator>();

        // Retries with backoff on 429/5xx (honouring Retry-After); tunable under BotFramework:Resilience.
        var resilience = section.GetSection("Resilience");
        builder.Services.AddHttpClient(ConnectorSigningKeys.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(15));
        foreach (var name in new[] { ConnectorTokenProvider.HttpClientName, BotConnectorClient.HttpClientName })
        {
            var client = builder.Services.AddHttpClient(name);
            if (name == BotConnectorClient.HttpClientName)
            {
                // Replies go where activities say: never to this machine or a private network, unless allowed.
                client.ConfigurePrimaryHttpMessageHandler(sp =>
                {
                    var o = sp.GetRequiredService<IOptions<BotFrameworkOptions>>();
                    var development = sp.GetRequiredService<IHostEnvironment>().IsDevelopment();
                    return ServiceUrls.PublicOnlyHandler(() =>
                        o.Value.AllowPrivateServiceUrls || (!o.Value.AuthenticationEnabled && development));
                });
            }
            var pipeline = client.AddStandardResilienceHandler();
            if (resilience.Exists()) pipeline.Configure(resilience);
        }

        builder.Services.AddSingleton<ConnectorSigningKeys>();
        builder.Services.AddSingleton<TrustedServiceUrls>();
        builder.Services.AddSingleton<ConnectorAuthenticator>();
        builder.Services.AddSingleton<ConnectorTokenProvider>();
        builder.Services.AddSingleton<BotConnectorClient>();
        builder.Services.AddScoped<ConversationReferences>();
        builder.Services.AddScoped<BotFrameworkAdapter>();
        builder.Services.AddScoped<INotificationSender, BotFrameworkNotificationSender>();
        builder.Services.AddHostedService<BotFrameworkStartupCheck>();
        return builder;
    }
}

/// <summary>Says loudly at start when /api/messages takes unauthenticated traffic, or none at all.</summary>
internal sealed class BotFrameworkStartupCheck(IOptions<BotFrameworkOptions> options, IHostEnvironment environment,
    ILogger<BotFrameworkStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.AuthenticationEnabled && !environment.IsDevelopment())
        {
            logger.LogError(
                "BotFramework:MicrosoftAppId is empty: /api/messages refuses every request with 401 in the {Environment} environment. " +
                "Set BotFramework:MicrosoftAppId and BotFramework:MicrosoftAppPassword (the bot's app registration) to use Bot Framework " +
                "channels; unauthenticated Emulator traffic is answered only in Development.", environment.EnvironmentName);
        }
        else if (!options.Value.AuthenticationEnabled)
        {
            // On a developer's machine this is the expected state, not something to act on; elsewhere it is.
            logger.Log(environment.IsDevelopment() ? LogLevel.Information : LogLevel.Warning,
                "BotFramework:MicrosoftAppId is empty: /api/messages accepts unauthenticated activities from loopback " +
                "serviceUrls only (Bot Framework Emulator). Set BotFramework:MicrosoftAppId and MicrosoftAppPassword in production.");
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
