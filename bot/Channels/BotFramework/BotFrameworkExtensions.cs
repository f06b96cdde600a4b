namespace PetitionBot.Bot.Channels.BotFramework;

// Placeholder until the feature lands: keeps Program.cs stable while features are built in parallel.
public static class BotFrameworkExtensions
{
    public static IHostApplicationBuilder AddBotFramework(this IHostApplicationBuilder builder) => builder;
    public static IEndpointRouteBuilder MapBotFramework(this IEndpointRouteBuilder app) => app;
}
