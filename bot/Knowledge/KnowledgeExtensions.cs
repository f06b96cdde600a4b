using Microsoft.Extensions.Options;
using PetitionBot.Knowledge;

namespace PetitionBot.Bot.Knowledge;

public static class KnowledgeExtensions
{
    public static IHostApplicationBuilder AddKnowledge(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<KnowledgeOptions>()
            .Bind(builder.Configuration.GetSection(KnowledgeOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<KnowledgeOptions>, KnowledgeOptionsValidator>();
        builder.Services.AddSingleton<KnowledgeBase>();
        builder.Services.AddSingleton<IKnowledgeBase>(sp => sp.GetRequiredService<KnowledgeBase>());
        builder.Services.AddHostedService<KnowledgeLoader>();
        return builder;
    }

    public static IEndpointRouteBuilder MapKnowledge(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (IKnowledgeBase kb) =>
            kb.IsReady ? Results.Text("ok") : Results.Text("索引建立中", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapKnowledgeEndpoints();
        return app;
    }
}
