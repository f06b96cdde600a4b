namespace PetitionBot.Bot.Grid;

/// <summary>Bound from "Grid": how long a 代为登记 confirmation code stays valid.</summary>
public sealed class GridOptions
{
    public const string Section = "Grid";

    /// <summary>Hours a confirmation code works after the grid worker makes it (default 72: a weekend between).</summary>
    public int CodeValidHours { get; set; } = 72;

    public TimeSpan CodeLifetime => TimeSpan.FromHours(CodeValidHours);

    public IReadOnlyList<string> Problems() =>
        CodeValidHours is < 1 or > 720
            ? [$"Grid:CodeValidHours must be between 1 and 720 hours (30 days), not {CodeValidHours}: a six-digit code must not live for long."]
            : [];
}
