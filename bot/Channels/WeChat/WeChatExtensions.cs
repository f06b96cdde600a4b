using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Conversation;
using PetitionBot.Bot.Notifications;

namespace PetitionBot.Bot.Channels.WeChat;

public static class WeChatExtensions
{
    /// <summary>The Official Account channel and the WeCom app channel (same protocol family, same engine).</summary>
    public static IHostApplicationBuilder AddWeChat(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WeChatOptions>().BindConfiguration(WeChatOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WeChatOptions>, WeChatOptionsValidator>();
        services.AddOptions<WeComOptions>().BindConfiguration(WeComOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WeComOptions>, WeComOptionsValidator>();

        services.AddSingleton<WeChatMessageProcessor>();
        services.AddSingleton<AccessTokenStore>();
        services.AddHttpClient<WeChatApi>((sp, http) => ConfigureApi(http, sp.GetRequiredService<IOptions<WeChatOptions>>().Value.ApiBaseUrl));
        services.AddHttpClient<WeComApi>((sp, http) => ConfigureApi(http, sp.GetRequiredService<IOptions<WeComOptions>>().Value.ApiBaseUrl));
        services.AddScoped<INotificationSender, WeChatNotificationSender>();
        services.AddScoped<INotificationSender, WeComNotificationSender>();
        services.AddScoped<WeChatSceneCodes>();
        services.AddSingleton<Data.IHousekeepingTask, WeChatWindowRetention>();

        services.AddKeyedSingleton(WeChatNotificationSender.ChannelName, (sp, _) =>
        {
            var o = sp.GetRequiredService<IOptions<WeChatOptions>>().Value;
            var cipher = o.Enabled && !string.IsNullOrEmpty(o.EncodingAESKey) ? new WeChatCipher(o.EncodingAESKey, o.AppId!) : null;
            return NewCallback(sp, WeChatNotificationSender.ChannelName, o.Enabled, o.Token, cipher, o.TimestampTolerance,
                o.PassiveReplyTimeout, encryptedOnly: false, safeModeOnly: o.EffectiveMode == WeChatMode.Safe);
        });
        services.AddKeyedSingleton(WeComNotificationSender.ChannelName, (sp, _) =>
        {
            var o = sp.GetRequiredService<IOptions<WeComOptions>>().Value;
            var cipher = o.Enabled ? new WeChatCipher(o.EncodingAESKey!, o.CorpId!) : null;
            return NewCallback(sp, WeComNotificationSender.ChannelName, o.Enabled, o.Token, cipher, o.TimestampTolerance,
                o.PassiveReplyTimeout, encryptedOnly: true, safeModeOnly: false);
        });

        return builder;
    }

    public static IEndpointRouteBuilder MapWeChat(this IEndpointRouteBuilder app)
    {
        app.MapWeChatCallback();
        app.MapWeComCallback();
        app.MapWeChatOffice();
        return app;
    }

    private static WeChatCallback NewCallback(IServiceProvider sp, string channel, bool enabled, string? token, WeChatCipher? cipher,
        TimeSpan tolerance, TimeSpan passiveTimeout, bool encryptedOnly, bool safeModeOnly) =>
        new(channel, enabled, token ?? "", cipher, tolerance, passiveTimeout, encryptedOnly, safeModeOnly,
            sp.GetRequiredService<WeChatMessageProcessor>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger($"PetitionBot.Bot.Channels.{channel}"));

    private static void ConfigureApi(HttpClient http, string baseUrl)
    {
        http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
        http.Timeout = TimeSpan.FromSeconds(10);
    }
}
