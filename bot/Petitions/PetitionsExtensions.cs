namespace PetitionBot.Bot.Petitions;

// Placeholder until the feature lands: keeps Program.cs stable while features are built in parallel.
public static class PetitionsExtensions
{
    public static IHostApplicationBuilder AddPetitions(this IHostApplicationBuilder builder) => builder;
    public static IEndpointRouteBuilder MapPetitions(this IEndpointRouteBuilder app) => app;
}
