using Microsoft.Extensions.Options;

namespace PetitionBot.Bot.Channels.BotFramework;

/// <summary>
/// "BotFramework" section. With an empty MicrosoftAppId inbound auth is off (local Bot Framework Emulator only);
/// every other setting has the public Bot Framework default.
/// </summary>
public sealed class BotFrameworkOptions
{
    public const string Section = "BotFramework";
    public const string DefaultOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public const string DefaultIssuer = "https://api.botframework.com";
    public const string DefaultTokenEndpoint = "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token";
    public const string DefaultOAuthScope = "https://api.botframework.com/.default";

    /// <summary>The bot's app registration id: the audience of inbound tokens and the client id of outbound ones.</summary>
    public string? MicrosoftAppId { get; set; }
    public string? MicrosoftAppPassword { get; set; }
    public string OpenIdMetadataUrl { get; set; } = DefaultOpenIdMetadataUrl;
    /// <summary>Null means the Bot Framework default; configured entries replace it (the binder would append to a default list).</summary>
    public string[]? ValidIssuers { get; set; }
    public string TokenEndpoint { get; set; } = DefaultTokenEndpoint;
    public string OAuthScope { get; set; } = DefaultOAuthScope;
    /// <summary>How long the engine may think before a typing indicator is sent.</summary>
    public TimeSpan TypingAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Lets authenticated activities name a serviceUrl on loopback or a private network (a connector inside the bureau's
    /// network, test fakes). Off: such activities get 401 and no connection is made to such an address.
    /// </summary>
    public bool AllowPrivateServiceUrls { get; set; }

    public bool AuthenticationEnabled => !string.IsNullOrWhiteSpace(MicrosoftAppId);

    public IReadOnlyList<string> Issuers => ValidIssuers is { Length: > 0 } ? ValidIssuers : [DefaultIssuer];

    /// <summary>https everywhere; plain http only for loopback (Emulator, test fakes).</summary>
    internal static bool IsAllowedEndpoint(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
}

internal sealed class BotFrameworkOptionsValidator : IValidateOptions<BotFrameworkOptions>
{
    public ValidateOptionsResult Validate(string? name, BotFrameworkOptions o)
    {
        var errors = new List<string>();
        if (o.AuthenticationEnabled && string.IsNullOrWhiteSpace(o.MicrosoftAppPassword))
        {
            errors.Add("BotFramework:MicrosoftAppPassword is required when BotFramework:MicrosoftAppId is set " +
                       "(the client secret of the bot's app registration).");
        }
        if (!BotFrameworkOptions.IsAllowedEndpoint(o.OpenIdMetadataUrl))
        {
            errors.Add($"BotFramework:OpenIdMetadataUrl must be an https URL (plain http only for loopback), e.g. {BotFrameworkOptions.DefaultOpenIdMetadataUrl}.");
        }
        if (!BotFrameworkOptions.IsAllowedEndpoint(o.TokenEndpoint))
        {
            errors.Add($"BotFramework:TokenEndpoint must be an https URL (plain http only for loopback), e.g. {BotFrameworkOptions.DefaultTokenEndpoint}.");
        }
        if (o.ValidIssuers is not null && o.ValidIssuers.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("BotFramework:ValidIssuers must not contain empty entries; remove it to use https://api.botframework.com.");
        }
        if (string.IsNullOrWhiteSpace(o.OAuthScope))
        {
            errors.Add($"BotFramework:OAuthScope must not be empty; the default is {BotFrameworkOptions.DefaultOAuthScope}.");
        }
        if (o.TypingAfter < TimeSpan.Zero)
        {
            errors.Add("BotFramework:TypingAfter must not be negative (e.g. 00:00:01).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
