namespace PetitionBot.Bot.Notifications;

public static class NotificationsExtensions
{
    /// <summary>
    /// The outbox (IOutbox for features that notify citizens) and its dispatcher. Channels register their
    /// INotificationSender; rows for a channel without one are abandoned with a clear LastError.
    /// </summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OutboxOptions>()
            .Bind(builder.Configuration.GetSection(OutboxOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.MaxDelay >= o.BaseDelay, "Outbox:MaxDelay must not be shorter than Outbox:BaseDelay.")
            .ValidateOnStart();
        builder.Services.AddScoped<IOutbox, Outbox>();
        builder.Services.AddScoped<PendingNotices>();
        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddHostedService<OutboxDispatcherService>();
        return builder;
    }
}
