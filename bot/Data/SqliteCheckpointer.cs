using Microsoft.Data.Sqlite;

namespace PetitionBot.Bot.Data;

/// <summary>
/// Copies SQLite's write-ahead log back into the database file twice a second, on its own connection. The group-commit
/// writer turns automatic checkpoints off: a checkpoint waits for the disk (fsync), and done inside a commit it held up
/// every message waiting on that batch. A passive checkpoint never blocks the writer or the readers, but while writes keep
/// coming it never starts the log over either: under sustained load the log grew by gigabytes, and every page lookup
/// walked its ever longer index. So once the log passes <see cref="RestartFrames"/>, more passive passes copy what arrived
/// during the one before, until one finds almost nothing new, and then the writer restarts the log between two batches.
/// Every write waits during that restart, and it copies whatever arrived during the last pass. With one catch-up pass
/// instead of several it took 115–190 ms on the benchmark machine, now 35–70 ms (one in six measured: 150 ms). It comes
/// once per ~1 GB of log; under light load the log starts over by itself.
/// </summary>
internal sealed class SqliteCheckpointer(string connectionString, WriteBatcher writer, ILogger<SqliteCheckpointer> logger)
    : BackgroundService
{
    // Infrastructure pacing, not business time: real time even when tests fake the clock.
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>About 1 GB of 4 KB pages.</summary>
    private const long RestartFrames = 262144;
    /// <summary>Catch-up passes stop once fewer frames than this arrived during the previous pass.</summary>
    private const long QuietFrames = 256;
    private const int MaxCatchUpPasses = 8;

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
                    var log = await CheckpointAsync(connection, stoppingToken);
                    if (log >= RestartFrames)
                    {
                        await CatchUpAsync(connection, log, stoppingToken);
                        writer.RequestLogRestart();
                    }
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

    /// <summary>
    /// Passive passes after the one that found <paramref name="log"/> frames, until one finds almost nothing new. Each pass
    /// is shorter than the one before, so fewer frames arrive during it; what arrives during the last one is left for the
    /// writer's restart.
    /// </summary>
    private static async Task CatchUpAsync(SqliteConnection connection, long log, CancellationToken cancellationToken)
    {
        for (var pass = 0; pass < MaxCatchUpPasses; pass++)
        {
            var next = await CheckpointAsync(connection, cancellationToken);
            // The log's size at a pass's start: what it grew by arrived during the previous pass.
            var arrived = next - log;
            log = next;
            if (arrived < QuietFrames) return;
        }
    }

    /// <summary>A passive checkpoint; the number of frames in the log when it began (0 when not in WAL mode).</summary>
    private static async Task<long> CheckpointAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        // A connection notices that the file went over to WAL only when it next reads: this one opened at start-up, maybe
        // before the switch, and a checkpoint alone reads nothing, so without this read it never copied a page.
        command.CommandText = "SELECT 1 FROM sqlite_schema LIMIT 1;";
        await command.ExecuteScalarAsync(cancellationToken);
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await using var result = await command.ExecuteReaderAsync(cancellationToken);
        // One row: busy, frames in the log, frames copied (-1, -1 outside WAL mode).
        return await result.ReadAsync(cancellationToken) ? Math.Max(0, result.GetInt64(1)) : 0;
    }
}
