using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PetitionBot.Bot.Data;

/// <summary>
/// SQLite settings for a chat workload: write-ahead logging, and synchronous=NORMAL for ordinary writes. A conversation turn
/// then commits without waiting for the disk (it still survives the process being killed; only a power cut can lose the
/// last turns, which the citizen re-sends). Petition submissions switch to synchronous=FULL for their own transaction
/// (<see cref="Petitions.Intake.PetitionIntake"/>), so a confirmed petition survives a power cut too.
/// </summary>
internal static class SqliteTuning
{
    public static IServiceCollection AddSqliteTuning(this IServiceCollection services)
    {
        services.ConfigurePetitionDatabase((_, options) => options.AddInterceptors(new NormalSynchronousInterceptor()));
        services.AddHostedService<WriteAheadLogInitializer>();
        return services;
    }

    private sealed class NormalSynchronousInterceptor : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            if (connection is not SqliteConnection sqlite) return;
            using var command = sqlite.CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL;";
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Switches the database file to WAL once it exists (the setting is stored in the file).</summary>
    private sealed class WriteAheadLogInitializer(IServiceScopeFactory scopes, ILogger<WriteAheadLogInitializer> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
            // The database exists: DatabaseInitializer (registered before this) has applied the migrations.
            if (!db.Database.IsSqlite()) return;
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            logger.LogInformation("SQLite database uses write-ahead logging");
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
