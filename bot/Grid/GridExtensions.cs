using Microsoft.Extensions.Options;

namespace PetitionBot.Bot.Grid;

/// <summary>网格法律工作者: grids, the dispute screening ledger, 代为登记 with the citizen's confirmation, and the figures.</summary>
public static class GridExtensions
{
    public static IHostApplicationBuilder AddGrid(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GridOptions>()
            .Bind(builder.Configuration.GetSection(GridOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GridOptions>, GridOptionsValidator>();
        builder.Services.AddScoped<DisputeLedger>();
        builder.Services.AddScoped<DisputeFilings>();
        builder.Services.AddScoped<GridStats>();
        builder.Services.AddScoped<GridAreas>();
        return builder;
    }

    public static IEndpointRouteBuilder MapGrid(this IEndpointRouteBuilder app)
    {
        app.MapGridLedger();
        return app;
    }

    private sealed class GridOptionsValidator : IValidateOptions<GridOptions>
    {
        public ValidateOptionsResult Validate(string? name, GridOptions options) =>
            options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
