namespace PetitionBot.Bot.Petitions.Validation;

/// <summary>The outcome of checking one answer: the normalised value, or a message telling the citizen what is wrong.</summary>
public sealed record FieldCheck(string? Value, string? Error)
{
    public bool IsValid => Error is null;
    public static FieldCheck Ok(string value) => new(value, null);
    public static FieldCheck Fail(string error) => new(null, error);
}
