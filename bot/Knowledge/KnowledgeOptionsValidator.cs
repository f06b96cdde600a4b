using Microsoft.Extensions.Options;
using PetitionBot.Knowledge;

namespace PetitionBot.Bot.Knowledge;

/// <summary>Fails start-up with a message naming the setting when a corpus folder is missing.</summary>
internal sealed class KnowledgeOptionsValidator : IValidateOptions<KnowledgeOptions>
{
    public ValidateOptionsResult Validate(string? name, KnowledgeOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.CorpusPaths.Count; i++)
        {
            var path = options.CorpusPaths[i];
            if (string.IsNullOrWhiteSpace(path) || !Directory.Exists(path))
                errors.Add($"Knowledge:CorpusPaths:{i} = '{path}' is not a folder (resolved to '{Path.GetFullPath(path ?? "")}'). " +
                           "Point it at a folder of statute markdown files, e.g. Knowledge__CorpusPaths__0=../shared/corpus, or remove it.");
        }
        if (string.IsNullOrWhiteSpace(options.IndexPath))
            errors.Add("Knowledge:IndexPath is empty; set a writable folder for the search index, e.g. data/index.");
        if (options.GuidePackPath is { } pack && !Directory.Exists(pack))
            errors.Add($"Knowledge:GuidePackPath = '{pack}' is not a folder; remove it to use the pack shipped with the bot.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
