using System.ComponentModel.DataAnnotations;

namespace PetitionBot.Bot.Data;

/// <summary>Database:Provider = Sqlite (default) or Postgres; the connection string is ConnectionStrings:Petitions.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    [RegularExpression("^(?i)(sqlite|postgres)$", ErrorMessage = "Database:Provider must be Sqlite or Postgres.")]
    public string Provider { get; set; } = "Sqlite";
}
