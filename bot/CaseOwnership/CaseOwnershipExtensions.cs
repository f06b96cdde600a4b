namespace PetitionBot.Bot.CaseOwnership;

/// <summary>包保 (一案一策): owning leaders for repeat cases, their plans and weekly progress; pages under /office/cases.</summary>
public static class CaseOwnershipExtensions
{
    public static IHostApplicationBuilder AddCaseOwnership(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<OwnedCases>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCaseOwnership(this IEndpointRouteBuilder app)
    {
        app.MapCases();
        return app;
    }
}
