namespace PetitionBot.Bot.Notifications;

// Placeholder until the feature lands: keeps Program.cs stable while features are built in parallel.
public static class NotificationsExtensions
{
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder) => builder;
}
