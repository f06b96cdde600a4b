using Microsoft.Extensions.Options;

namespace PetitionBot.Bot.Handoff;

/// <summary>转人工: the desk the conversation engine consults, the office inbox, its JSON, and the office-hours settings.</summary>
public static class HandoffExtensions
{
    public static IHostApplicationBuilder AddHandoff(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HandoffOptions>()
            .Bind(builder.Configuration.GetSection(HandoffOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<HandoffOptions>, HandoffOptionsValidator>();
        builder.Services.AddSingleton<HandoffHours>();
        builder.Services.AddScoped<HandoffDesk>();
        builder.Services.AddScoped<HandoffInbox>();
        builder.Services.AddScoped<HandoffStats>();
        builder.Services.AddScoped<HandoffFiling>();
        return builder;
    }

    public static IEndpointRouteBuilder MapHandoff(this IEndpointRouteBuilder app)
    {
        app.MapHandoffs();
        return app;
    }

    private sealed class HandoffOptionsValidator : IValidateOptions<HandoffOptions>
    {
        public ValidateOptionsResult Validate(string? name, HandoffOptions options) =>
            options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
