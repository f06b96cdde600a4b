namespace PetitionBot.Bot.Petitions.Validation;

/// <summary>The outcome of checking one answer: the normalised value, or a message telling the citizen what is wrong.</summary>
public sealed record FieldCheck(string? Value, string? Error)
{
    public bool IsValid => Error is null;
    /// <summary>Said to the citizen with an accepted answer that was read loosely ("十几户" taken as 10).</summary>
    public string? Note { get; init; }
    public static FieldCheck Ok(string value) => new(value, null);
    public static FieldCheck Fail(string error) => new(null, error);
}
