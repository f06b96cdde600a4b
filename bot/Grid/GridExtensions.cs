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

        builder.Services.AddOptions<FollowUpReminderOptions>()
            .Bind(builder.Configuration.GetSection(FollowUpReminderOptions.Section))
            .Validate(o => o.Problems().Count == 0, "Grid:Reminders:At must be a time of day between 00:00 and 23:59 (Beijing time), e.g. 08:30.")
            .ValidateOnStart();
        builder.Services.AddScoped<FollowUpReminders>();
        // Runs everywhere but does nothing unless the WeCom app is configured; the dedup key makes several instances safe.
        builder.Services.AddHostedService<FollowUpReminderService>();
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
