using PetitionBot.Knowledge;

namespace PetitionBot.Bot.Knowledge;

public static class KnowledgeExtensions
{
    public static IHostApplicationBuilder AddKnowledge(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<KnowledgeBase>();
        builder.Services.AddSingleton<IKnowledgeBase>(sp => sp.GetRequiredService<KnowledgeBase>());
        return builder;
    }

    public static IEndpointRouteBuilder MapKnowledge(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (IKnowledgeBase kb) => kb.IsReady ? Results.Ok("ok") : Results.StatusCode(503));
        return app;
    }
}
