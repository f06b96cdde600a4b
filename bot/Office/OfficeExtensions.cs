namespace PetitionBot.Bot.Office;

// Placeholder until the feature lands: keeps Program.cs stable while features are built in parallel.
public static class OfficeExtensions
{
    public static IHostApplicationBuilder AddOffice(this IHostApplicationBuilder builder) => builder;
    public static IEndpointRouteBuilder MapOffice(this IEndpointRouteBuilder app) => app;
    public static WebApplication UseOffice(this WebApplication app) => app;
}
