using Microsoft.Extensions.Options;
using PetitionBot.Bot.Hosting;
using PetitionBot.Knowledge;

namespace PetitionBot.Bot.Knowledge;

/// <summary>Fails start-up with a message naming the setting, and a value that would work, when a folder is missing.</summary>
internal sealed class KnowledgeOptionsValidator : IValidateOptions<KnowledgeOptions>
{
    public ValidateOptionsResult Validate(string? name, KnowledgeOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.CorpusPaths.Count; i++)
        {
            var path = options.CorpusPaths[i];
            if (string.IsNullOrWhiteSpace(path))
            {
                errors.Add($"Knowledge:CorpusPaths:{i} is empty; remove it, or set a folder of statute markdown files.");
                continue;
            }
            if (!Directory.Exists(path))
                errors.Add(Missing($"Knowledge:CorpusPaths:{i}", $"Knowledge__CorpusPaths__{i}", path,
                    "a folder of statute markdown files, or remove the setting"));
        }
        if (string.IsNullOrWhiteSpace(options.IndexPath))
            errors.Add("Knowledge:IndexPath is empty; set a writable folder for the search index, e.g. data/index.");
        if (options.GuidePackPath is { } pack && !Directory.Exists(pack))
            errors.Add(Missing("Knowledge:GuidePackPath", "Knowledge__GuidePackPath", pack,
                "another guide pack folder, or remove the setting to use the pack shipped with the bot"));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string Missing(string key, string variable, string path, string expected)
    {
        var (resolved, suggestion) = StartFolders.Resolve(path);
        var start = Directory.GetCurrentDirectory();
        return suggestion is not null
            ? $"{key} = '{path}' is not a folder: relative paths are resolved from the directory the bot was started in ({start}), giving '{resolved}'. " +
              $"Did you mean {variable}={suggestion} ?"
            : $"{key} = '{path}' is not a folder (resolved from the start directory {start} to '{resolved}'). " +
              $"Set {variable} to the absolute path of {expected}.";
    }
}
