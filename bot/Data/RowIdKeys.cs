using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PetitionBot.Bot.Data;

internal static class RowIdKeys
{
    /// <summary>
    /// SQLite numbers the rows itself (the next id after the largest) instead of with AUTOINCREMENT, which writes its
    /// counter table in every commit that inserts. For rows written on every message, whose ids nothing outside the
    /// database keeps: a reused id (only after the newest row was deleted) harms nobody. No effect on PostgreSQL.
    /// </summary>
    public static PropertyBuilder<long> UsesRowId(this PropertyBuilder<long> id)
    {
        id.Metadata.SetValueGenerationStrategy(SqliteValueGenerationStrategy.None);
        return id;
    }
}
