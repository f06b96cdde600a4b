using Microsoft.Extensions.Options;
using PetitionBot.Knowledge;

namespace PetitionBot.Bot.Knowledge;

/// <summary>Builds the index on first start (or when sources changed) and opens it; /healthz answers 200 after.</summary>
internal sealed class KnowledgeLoader(KnowledgeBase knowledge, IOptions<KnowledgeOptions> options, ILogger<KnowledgeLoader> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // An existing index opens in milliseconds; a first build runs in the background so the host starts at once.
        _ = Task.Run(Load, CancellationToken.None);
        return Task.CompletedTask;
    }

    private void Load()
    {
        try
        {
            var report = knowledge.Load(options.Value);
            foreach (var error in report.Errors)
                logger.LogWarning("Statute file skipped: {Problem}", error.Message);
            logger.LogInformation(report.Rebuilt
                    ? "Knowledge index built at {Folder}: {Articles} statute articles, {Guides} guides"
                    : "Knowledge index opened at {Folder}", report.Folder, report.Articles, report.Guides);
        }
        catch (Exception e)
        {
            logger.LogCritical(e, "The knowledge index could not be built; /api/ask and /api/search stay unavailable");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
