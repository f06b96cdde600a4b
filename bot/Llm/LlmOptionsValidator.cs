using Microsoft.Extensions.Options;

namespace PetitionBot.Bot.Llm;

/// <summary>Stops the start with messages naming the keys when a configured model could not be called.</summary>
internal sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(100);
    // Longer only keeps citizens waiting on a dead server; with WeChat keep it at 3.5 s (its passive reply leaves within 5 s).
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(60);

    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        var errors = new List<string>();
        if (!Enum.TryParse<LlmProvider>(options.Provider, ignoreCase: true, out var provider) || !Enum.IsDefined(provider)
            || int.TryParse(options.Provider, out _))
        {
            errors.Add($"Llm:Provider = '{options.Provider}' is not known; set None (no model), OpenAI (any OpenAI-compatible server) or AzureOpenAI.");
            return ValidateOptionsResult.Fail(errors);
        }
        if (provider == LlmProvider.None) return ValidateOptionsResult.Success;

        if (string.IsNullOrWhiteSpace(options.Endpoint))
            errors.Add(provider == LlmProvider.OpenAI
                ? "Llm:Endpoint must be set for Llm:Provider=OpenAI: the base URL of the server, e.g. http://localhost:11434/v1 (requests go to {Endpoint}/chat/completions)."
                : "Llm:Endpoint must be set for Llm:Provider=AzureOpenAI: the resource endpoint, e.g. https://my-resource.openai.azure.com/.");
        else if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            errors.Add($"Llm:Endpoint = '{options.Endpoint}' is not an absolute http(s) URL, e.g. http://localhost:11434/v1.");
        else if (provider == LlmProvider.AzureOpenAI && uri.Scheme != "https" && !uri.IsLoopback)
            errors.Add($"Llm:Endpoint = '{options.Endpoint}' must use https for Azure OpenAI.");
        if (string.IsNullOrWhiteSpace(options.Model))
            errors.Add(provider == LlmProvider.AzureOpenAI
                ? "Llm:Model must be set to the deployment name of the model in the Azure OpenAI resource."
                : "Llm:Model must be set to the model name the server knows, e.g. qwen2.5:7b for Ollama.");
        if (provider == LlmProvider.AzureOpenAI && string.IsNullOrWhiteSpace(options.ApiKey))
            errors.Add("Llm:ApiKey must be set for Llm:Provider=AzureOpenAI: one of the resource's keys (Keys and Endpoint in the Azure portal).");
        if (options.Timeout < MinTimeout || options.Timeout > MaxTimeout)
            errors.Add($"Llm:Timeout = {options.Timeout} must be between {MinTimeout} and {MaxTimeout}; the default 00:00:03.5 leaves a WeChat reply time to go out within 5 s.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
