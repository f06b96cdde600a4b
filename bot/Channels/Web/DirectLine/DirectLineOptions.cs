using Microsoft.Extensions.Options;

namespace PetitionBot.Bot.Channels.Web.DirectLine;

/// <summary>"DirectLine" section: the Direct Line 3.0-compatible endpoint the web page talks to.</summary>
public sealed class DirectLineOptions
{
    public const string Section = "DirectLine";

    /// <summary>
    /// HMAC key for the tokens, at least 32 characters. When empty, a random key is generated once and kept in the
    /// database, so tokens survive restarts and are shared by every instance on the same database.
    /// </summary>
    public string? TokenSigningKey { get; set; }
    /// <summary>Direct Line tokens live 30 minutes; Web Chat refreshes them every 15.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>tokens/generate calls allowed per client address and minute (the bucket refills at this rate).</summary>
    public int TokensPerMinute { get; set; } = 6;
    /// <summary>tokens/generate calls a client address may make at once before it has to wait.</summary>
    public int TokenBurst { get; set; } = 6;
    /// <summary>Activities a client address may post per minute, over all its conversations.</summary>
    public int ActivitiesPerMinute { get; set; } = 120;
    public string BotId { get; set; } = "petitionbot";
    public string BotName { get; set; } = "信访助手";
    /// <summary>Activities older than this are deleted, and with the last of them their conversation.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);
    /// <summary>How long the engine may think before a typing indicator is appended.</summary>
    public TimeSpan TypingAfter { get; set; } = TimeSpan.FromSeconds(1);
}

internal sealed class DirectLineOptionsValidator : IValidateOptions<DirectLineOptions>
{
    public ValidateOptionsResult Validate(string? name, DirectLineOptions o)
    {
        var errors = new List<string>();
        if (!string.IsNullOrEmpty(o.TokenSigningKey) && o.TokenSigningKey.Length < 32)
        {
            errors.Add("DirectLine:TokenSigningKey must be at least 32 characters (or leave it empty to have one generated and kept in the database).");
        }
        if (o.TokenLifetime < TimeSpan.FromMinutes(2) || o.TokenLifetime > TimeSpan.FromDays(1))
        {
            errors.Add("DirectLine:TokenLifetime must be between 00:02:00 and 1.00:00:00 (the default is 00:30:00).");
        }
        if (o.TokensPerMinute < 1 || o.TokenBurst < 1 || o.ActivitiesPerMinute < 1)
        {
            errors.Add("DirectLine:TokensPerMinute, DirectLine:TokenBurst and DirectLine:ActivitiesPerMinute must be at least 1.");
        }
        if (string.IsNullOrWhiteSpace(o.BotId) || string.IsNullOrWhiteSpace(o.BotName))
        {
            errors.Add("DirectLine:BotId and DirectLine:BotName must not be empty.");
        }
        if (o.Retention < TimeSpan.FromDays(1) || o.Retention > TimeSpan.FromDays(3650))
        {
            errors.Add("DirectLine:Retention must be between 1.00:00:00 and 3650.00:00:00 (the default is 30.00:00:00).");
        }
        if (o.TypingAfter < TimeSpan.Zero)
        {
            errors.Add("DirectLine:TypingAfter must not be negative (e.g. 00:00:01).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
