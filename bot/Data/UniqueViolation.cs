using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace PetitionBot.Bot.Data;

internal static class UniqueViolation
{
    /// <summary>The save failed because a row with the same unique key exists already (SQLite and PostgreSQL).</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555, // UNIQUE, PRIMARY KEY
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
