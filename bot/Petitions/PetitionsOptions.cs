using System.ComponentModel.DataAnnotations;

namespace PetitionBot.Bot.Petitions;

/// <summary>Bound from "Petitions".</summary>
public sealed class PetitionsOptions
{
    public const string Section = "Petitions";

    /// <summary>
    /// Status look-ups allowed per client address and minute. The key is only a tracking number plus four phone digits,
    /// so guessing must stay slow.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "Petitions:StatusLookupsPerMinute must be between 1 and 10000.")]
    public int StatusLookupsPerMinute { get; set; } = 10;
}
