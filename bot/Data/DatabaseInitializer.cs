using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace PetitionBot.Bot.Data;

/// <summary>Creates or upgrades the database (and the SQLite folder, in WAL mode) before the app takes requests.</summary>
internal sealed class DatabaseInitializer(IServiceScopeFactory scopes, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        if (db.Database.IsSqlite())
        {
            var source = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(source));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }
        // Most starts find every migration applied. One read of the history table says so; MigrateAsync would also take
        // the migrations lock and build the whole model from code to look for unsaved model changes, about a third of a
        // start's CPU (docs/benchmarks.md, "Cold start"). A migration is recorded in the transaction that applies it, so
        // a complete history means a complete schema.
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            // Migrations, not EnsureCreated, so an existing database is upgraded in place; EF takes a lock so two
            // instances starting together do not both migrate.
            await db.Database.MigrateAsync(cancellationToken);
            logger.LogInformation("Database upgraded: {Count} migrations applied, the last {Migration}", pending.Count, pending[^1]);
        }
        // Write-ahead logging is stored in the file: readers never wait for a writer, and a commit appends instead of
        // rewriting pages in place.
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        logger.LogInformation("Database ready ({Provider})", db.Database.ProviderName);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
