using Microsoft.Data.Sqlite;

namespace PetitionBot.Bot.Data;

/// <summary>
/// Copies SQLite's write-ahead log back into the database file twice a second, on its own connection. The group-commit
/// writer turns automatic checkpoints off: a checkpoint waits for the disk (fsync), and done inside a commit it held up
/// every message waiting on that batch. A passive checkpoint never blocks the writer or the readers.
/// </summary>
internal sealed class SqliteCheckpointer(string connectionString, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    // Infrastructure pacing, not business time: real time even when tests fake the clock.
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        SqliteConnection? connection = null;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (connection is null)
                    {
                        connection = new SqliteConnection(connectionString);
                        await connection.OpenAsync(stoppingToken);
                    }
                    await using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                    await command.ExecuteNonQueryAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
                {
                    logger.LogWarning(ex, "SQLite checkpoint failed; retrying in {Interval}", Interval);
                    if (connection is not null) await connection.DisposeAsync();
                    connection = null;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (connection is not null) await connection.DisposeAsync();
        }
    }
}
