using Microsoft.Extensions.Options;
using PetitionBot.Bot.Petitions.Intake;
using PetitionBot.Bot.Petitions.PersonalData;
using PetitionBot.Bot.Petitions.Status;

namespace PetitionBot.Bot.Petitions;

public static class PetitionsExtensions
{
    // Only ever used in Development so the bot runs out of the box; production must set PersonalData:Key.
    private const string DevelopmentOnlyKey = "ZGV2ZWxvcG1lbnQtb25seS1wZXRpdGlvbmJvdC1rZXktMDAwMDA=";

    public static IHostApplicationBuilder AddPetitions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PetitionsOptions>()
            .Bind(builder.Configuration.GetSection(PetitionsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddOptions<PersonalDataOptions>()
            .Bind(builder.Configuration.GetSection(PersonalDataOptions.Section))
            .PostConfigure(o =>
            {
                if (string.IsNullOrWhiteSpace(o.Key) && builder.Environment.IsDevelopment()) o.Key = DevelopmentOnlyKey;
            })
            .Validate(o => IsUsableKey(o.Key),
                "PersonalData:Key must be set to base64 of at least 32 random bytes (e.g. `openssl rand -base64 32`). " +
                "It encrypts ID numbers at rest; use the same key on every instance and keep it secret.")
            .Validate(o => string.IsNullOrWhiteSpace(o.HashKey) || IsUsableKey(o.HashKey),
                "PersonalData:HashKey, when set, must be base64 of at least 32 random bytes; leave it unset to derive it from PersonalData:Key.")
            .ValidateOnStart();

        builder.Services.AddSingleton<PersonalDataProtector>();
        // The one protector of the app: the back office registers its own only if none is registered (TryAdd).
        builder.Services.AddSingleton<IPersonalDataProtector>(sp => sp.GetRequiredService<PersonalDataProtector>());
        builder.Services.AddSingleton<StatusLookupRateLimiter>();
        builder.Services.AddScoped<LookupGuard>();
        builder.Services.AddSingleton<Data.IHousekeepingTask, LookupGuardCleanup>();
        builder.Services.AddScoped<PetitionIntake>();
        builder.Services.AddScoped<RepeatDetector>();
        builder.Services.AddScoped<PetitionLookup>();
        builder.Services.AddScoped<PetitionRatings>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPetitions(this IEndpointRouteBuilder app)
    {
        app.MapPetitionEndpoints();
        return app;
    }

    private static bool IsUsableKey(string? key)
    {
        if (string.IsNullOrWhiteSpace(key)) return false;
        var bytes = new byte[key.Length];
        return Convert.TryFromBase64String(key, bytes, out var length) && length >= 32;
    }
}
