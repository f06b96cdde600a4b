using Microsoft.Extensions.Options;
using PetitionBot.Bot.Conversation.Dialog;
using PetitionBot.Bot.Conversation.Filing;
using PetitionBot.Bot.Conversation.Persistence;
using PetitionBot.Bot.Conversation.Rating;
using PetitionBot.Bot.Conversation.Status;
using PetitionBot.Bot.Conversation.Triage;

namespace PetitionBot.Bot.Conversation;

public static class ConversationExtensions
{
    public static IHostApplicationBuilder AddConversation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConversationOptions>()
            .Bind(builder.Configuration.GetSection(ConversationOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => File.Exists(ResolveTriagePath(o)),
                "Conversation:TriagePath does not point to an existing route triage table (triage.json ships in Conversation/Triage).")
            .ValidateOnStart();

        // Loaded and checked once; a broken table stops the app at start rather than at the first dispute.
        builder.Services.AddSingleton(sp => TriageCatalog.Load(ResolveTriagePath(sp.GetRequiredService<IOptions<ConversationOptions>>().Value)));
        builder.Services.AddSingleton<RouteTriage>();
        builder.Services.AddScoped<TriageDialog>();
        builder.Services.AddSingleton<DraftWriter>();
        builder.Services.AddScoped<FilingDialog>();
        builder.Services.AddScoped<OnBehalfDialog>();
        builder.Services.AddSingleton<StoryReader>();
        builder.Services.AddScoped<StatusDialog>();
        builder.Services.AddScoped<Visit.VisitDialog>();
        builder.Services.AddScoped<RatingDialog>();
        builder.Services.AddScoped<DialogFlow>();
        builder.Services.AddScoped<ConversationStore>();
        builder.Services.AddScoped<ProcessedDeliveries>();
        builder.Services.AddSingleton<Data.IHousekeepingTask, ConversationRetention>();
        builder.Services.AddSingleton<Data.IHousekeepingTask, ProcessedDeliveryRetention>();
        builder.Services.AddScoped<IConversationEngine, ConversationEngine>();
        builder.Services.AddHostedService<TriageWarmup>();
        return builder;
    }

    internal static string ResolveTriagePath(ConversationOptions options) =>
        Path.IsPathRooted(options.TriagePath) ? options.TriagePath : Path.Combine(AppContext.BaseDirectory, options.TriagePath);

    /// <summary>Builds the triage table at start so an inconsistent table fails fast.</summary>
    private sealed class TriageWarmup(RouteTriage triage, ILogger<TriageWarmup> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogInformation("Route triage ready: {Routes} routes, {Rules} rules", triage.Catalog.Routes.Count, triage.Catalog.Rules.Count);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
