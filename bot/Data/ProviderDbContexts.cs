using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PetitionBot.Bot.Data;

/// <summary>The database on SQLite (the default, one instance); migrations in Data/Migrations/Sqlite.</summary>
public sealed class SqlitePetitionDbContext(DbContextOptions<SqlitePetitionDbContext> options) : PetitionDbContext(options);

/// <summary>The database on PostgreSQL (several instances); migrations in Data/Migrations/Postgres.</summary>
public sealed class PostgresPetitionDbContext(DbContextOptions<PostgresPetitionDbContext> options) : PetitionDbContext(options);

/// <summary>Lets `dotnet ef migrations add … --context SqlitePetitionDbContext` build the model without the host.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePetitionDbContext>
{
    public SqlitePetitionDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlitePetitionDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Lets `dotnet ef migrations add … --context PostgresPetitionDbContext` build the model; it never connects.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresPetitionDbContext>
{
    public PostgresPetitionDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresPetitionDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}
