namespace PetitionBot.Bot.Llm;

/// <summary>
/// An optional language model (section <c>Llm</c>). Without one (<c>Provider=None</c>, the default) every answer is the
/// extractive one; with one, its replies are used only after every citation, number and contact in them is verified.
/// </summary>
public sealed class LlmOptions
{
    public const string Section = "Llm";

    /// <summary><c>None</c>, <c>OpenAI</c> (any OpenAI-compatible chat-completions server) or <c>AzureOpenAI</c>.</summary>
    public string Provider { get; set; } = nameof(LlmProvider.None);

    /// <summary>OpenAI: the base URL requests go under (<c>POST {Endpoint}/chat/completions</c>); Azure: the resource endpoint.</summary>
    public string? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>The model name; for Azure OpenAI the deployment name.</summary>
    public string? Model { get; set; }

    /// <summary>The longest one call to the model may take before the extractive answer is used.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3.5);

    public LlmProvider ProviderKind =>
        Enum.TryParse<LlmProvider>(Provider, ignoreCase: true, out var p) && Enum.IsDefined(p) ? p : LlmProvider.None;

    public bool Enabled => ProviderKind != LlmProvider.None;
}

public enum LlmProvider
{
    None,
    OpenAI,
    AzureOpenAI,
}
