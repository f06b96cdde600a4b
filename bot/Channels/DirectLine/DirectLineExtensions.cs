namespace PetitionBot.Bot.Channels.DirectLine;

// Placeholder until the feature lands: keeps Program.cs stable while features are built in parallel.
public static class DirectLineExtensions
{
    public static IHostApplicationBuilder AddDirectLine(this IHostApplicationBuilder builder) => builder;
    public static IEndpointRouteBuilder MapDirectLine(this IEndpointRouteBuilder app) => app;
}
