using Microsoft.Extensions.Options;

namespace PetitionBot.Bot.Llm;

public static class LlmExtensions
{
    /// <summary>The optional language model (section <c>Llm</c>); with <c>Provider=None</c> nothing calls out.</summary>
    public static IHostApplicationBuilder AddLlm(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LlmOptions>()
            .Bind(builder.Configuration.GetSection(LlmOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>();
        builder.Services.AddSingleton<LlmCircuitBreaker>();
        builder.Services.AddSingleton<LlmUsage>();
        builder.Services.AddSingleton<LlmClient>();
        builder.Services.AddSingleton<GroundedAnswers>();
        return builder;
    }
}
