using System.Data.Common;
using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace PetitionBot.Bot.Data;

/// <summary>
/// Group commit for the writes on every message's path (conversation state, WeChat delivery records): writes that
/// arrive together run one after another in one transaction, so a busy channel costs one commit per batch instead of one
/// per message, and writers never wait on each other's locks.
/// A write that throws, or calls <see cref="WriteBatch.Undo"/>, is rolled back alone; a batch whose commit fails is
/// retried one write at a time, so one bad write never takes the others with it.
/// On SQLite the writer keeps its own connection with synchronous=NORMAL (WAL): a commit survives a crash of the process
/// but skips the fsync, which would otherwise cap the bot at a few hundred messages a second.
/// </summary>
public sealed class WriteBatcher : IAsyncDisposable
{
    private const int MaxBatch = 256;
    /// <summary>
    /// How long a write nobody waits on may wait for others like it, and how many may gather, before they are committed.
    /// Infrastructure pacing, in real time.
    /// </summary>
    private static readonly TimeSpan DeferWindow = TimeSpan.FromMilliseconds(20);
    private const int DeferBatch = 32;

    private readonly ConcurrentQueue<Op> _urgent = new();
    private readonly ConcurrentQueue<Op> _deferredInbox = new();
    // Writes that can wait, and their keys: owned by the writer thread.
    private readonly List<Op> _deferred = [];
    private readonly HashSet<string> _deferredKeys = new(StringComparer.Ordinal);
    private readonly AutoResetEvent _wake = new(false);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WriterContextFactory _contexts;
    private readonly ILogger<WriteBatcher> _logger;
    private volatile bool _stopping;
    private PetitionDbContext? _db;
    private DbConnection? _sqliteWriter;
    // The writer connection's statements, prepared once: SQLite would otherwise parse and plan each one on every message.
    private readonly Dictionary<string, DbCommand> _statements = new(StringComparer.Ordinal);
    private volatile bool _logRestartWanted;
    private int _deferredQueued;

    private readonly DatabaseHealth? _health;

    public WriteBatcher(WriterContextFactory contexts, ILogger<WriteBatcher> logger, DatabaseHealth? health = null)
    {
        _contexts = contexts;
        _logger = logger;
        _health = health;
        // A thread of its own, woken directly by a new write: as a thread-pool continuation the loop queued behind request
        // work under load, and every caller waiting on a commit paid for that.
        new Thread(WriteLoop) { IsBackground = true, Name = "WriteBatcher" }.Start();
    }

    /// <summary>The key of a conversation's writes (see <see cref="WriteAsync{T}"/>).</summary>
    public static string KeyOf(string channel, string userId) => string.Concat(channel, "\n", userId);

    /// <summary>Runs <paramref name="write"/> in the next batch; completes once the batch is committed.</summary>
    /// <param name="write">The write.</param>
    /// <param name="canWait">
    /// Nobody is waiting on this write (a record kept after the reply went out): it waits up to <see cref="DeferWindow"/>,
    /// or until <see cref="DeferBatch"/> such writes are queued, and they share one commit. Each commit rewrites the last
    /// page of every table it appends to; written with the next urgent write, as they were, these records cost a log page
    /// per chat message more. Such a write completes on the writer thread: whoever awaits it may only do a little bookkeeping
    /// (a thread-pool hand-off for each of them cost more than the bookkeeping).
    /// </param>
    /// <param name="key">
    /// Whose write this is (<see cref="KeyOf"/>). An urgent write is committed together with or after every waiting write
    /// queued before it that has its key, or any waiting write at all when it has no key: what a conversation wrote is
    /// there when its next message is handled.
    /// </param>
    public Task<T> WriteAsync<T>(Func<WriteBatch, Task<T>> write, bool canWait = false, string? key = null)
    {
        var op = new Op<T>(write, key, completesOnWriter: canWait);
        if (_stopping)
        {
            op.Fail(new ObjectDisposedException(nameof(WriteBatcher)));
            return op.Task;
        }
        if (!canWait)
        {
            _urgent.Enqueue(op);
            _wake.Set();
            return op.Task;
        }
        _deferredInbox.Enqueue(op);
        // The first one starts the writer's clock; a full batch needs no clock.
        var queued = Interlocked.Increment(ref _deferredQueued);
        if (queued == 1 || queued >= DeferBatch) _wake.Set();
        return op.Task;
    }

    private void WriteLoop()
    {
        try
        {
            while (true)
            {
                TakeDeferredInbox();
                var stopping = _stopping;
                if (!_urgent.IsEmpty || (_deferred.Count > 0 && (stopping || DeferredDue())))
                {
                    // The batch work completes synchronously on SQLite; on PostgreSQL this thread waits for it.
                    RunNextBatchAsync(stopping).GetAwaiter().GetResult();
                    // Between batches, never inside one: a failure here must not look like a failed (and retried) batch.
                    if (_logRestartWanted && _sqliteWriter is SqliteConnection sqlite) RestartLog(sqlite);
                    continue;
                }
                // Checked after draining: the stop signal may have merged with a write's wake-up, and no other comes.
                if (stopping) break;
                _wake.WaitOne(TimeUntilDeferredDue());
            }
        }
        finally
        {
            // A write queued while stopping, after the last drain, must not wait for ever.
            TakeDeferredInbox();
            foreach (var late in _deferred) late.Fail(new ObjectDisposedException(nameof(WriteBatcher)));
            while (_urgent.TryDequeue(out var late)) late.Fail(new ObjectDisposedException(nameof(WriteBatcher)));
            _stopped.TrySetResult();
        }
    }

    private void TakeDeferredInbox()
    {
        while (_deferredInbox.TryDequeue(out var op))
        {
            Interlocked.Decrement(ref _deferredQueued);
            op.QueuedAt = Stopwatch.GetTimestamp();
            _deferred.Add(op);
            if (op.Key is { } key) _deferredKeys.Add(key);
        }
    }

    private bool DeferredDue() =>
        _deferred.Count >= DeferBatch || (_deferred.Count > 0 && Stopwatch.GetElapsedTime(_deferred[0].QueuedAt) >= DeferWindow);

    private TimeSpan TimeUntilDeferredDue()
    {
        if (_deferred.Count == 0) return Timeout.InfiniteTimeSpan;
        var left = DeferWindow - Stopwatch.GetElapsedTime(_deferred[0].QueuedAt);
        // WaitOne counts whole milliseconds: round up, or it would spin through the last one.
        return TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(left.TotalMilliseconds)));
    }

    /// <summary>Runs up to <see cref="MaxBatch"/> queued writes as one batch; never throws (failed writes fail their callers).</summary>
    private async Task RunNextBatchAsync(bool stopping)
    {
        var urgent = new List<Op>();
        while (urgent.Count < MaxBatch && _urgent.TryDequeue(out var next)) urgent.Add(next);
        // After taking the urgent ones: every waiting write queued before them is now in hand.
        TakeDeferredInbox();
        var batch = urgent;
        if (_deferred.Count > 0 && (stopping || DeferredDue() || urgent.Exists(NeedsDeferred)))
        {
            // Queued before the urgent ones: they run first.
            batch = [.. _deferred, .. urgent];
            _deferred.Clear();
            _deferredKeys.Clear();
        }
        if (batch.Count == 0) return;
        try
        {
            await RunBatchAsync(batch);
            foreach (var op in batch) op.Complete();
        }
        catch (Exception ex)
        {
            await ResetWriterAsync();
            if (_health is not null && DatabaseHealth.IsOutage(ex))
            {
                // The database is away: every write fails alike. Said once per outage, not once per write.
                _health.ReportFailure(ex);
                foreach (var op in batch) op.Fail(ex);
                return;
            }
            if (batch.Count == 1)
            {
                _logger.LogError(ex, "A batched database write failed");
                batch[0].Fail(ex);
                return;
            }
            _logger.LogWarning(ex, "A batch of {Count} database writes failed; writing them one at a time", batch.Count);
            foreach (var op in batch)
            {
                try
                {
                    await RunBatchAsync([op]);
                    op.Complete();
                }
                catch (Exception one)
                {
                    await ResetWriterAsync();
                    op.Fail(one);
                }
            }
        }
    }

    /// <summary>
    /// Runs the batch in one transaction and commits it. First without a savepoint per write: a savepoint copies every page
    /// its write changes, and almost no batch needs one. If a write fails or undoes itself, that transaction is rolled back
    /// and, when the write had company, the batch runs again with a savepoint per write, so the others are kept.
    /// </summary>
    private async Task RunBatchAsync(IReadOnlyList<Op> batch)
    {
        var db = await WriterContextAsync();
        if (await RunInTransactionAsync(db, batch, savepoints: false) || batch.Count == 1) return;
        await RunInTransactionAsync(db, batch, savepoints: true);
    }

    /// <summary>True when the batch was committed; false when, without savepoints, a write failed and all was rolled back.</summary>
    private async Task<bool> RunInTransactionAsync(PetitionDbContext db, IReadOnlyList<Op> batch, bool savepoints)
    {
        if (_sqliteWriter is SqliteConnection sqlite)
        {
            // SQLite: the connection's own transaction; EF's BeginTransaction costs more than a small batch's writes.
            using var transaction = sqlite.BeginTransaction();
            try
            {
                if (!await RunOpsAsync(db, new WriteBatch(db, transaction, _statements), batch, savepoints))
                {
                    transaction.Rollback();
                    return false;
                }
                transaction.Commit();
                return true;
            }
            finally
            {
                if (db.Database.CurrentTransaction is not null) await db.Database.UseTransactionAsync(null);
            }
        }

        await using var efTransaction = await db.Database.BeginTransactionAsync();
        if (!await RunOpsAsync(db, new WriteBatch(db, efTransaction.GetDbTransaction()), batch, savepoints))
        {
            await efTransaction.RollbackAsync();
            return false;
        }
        await efTransaction.CommitAsync();
        return true;
    }

    /// <summary>False as soon as a write fails or undoes itself when there are no savepoints to roll back to.</summary>
    private static async Task<bool> RunOpsAsync(PetitionDbContext db, WriteBatch context, IReadOnlyList<Op> batch, bool savepoints)
    {
        foreach (var op in batch)
        {
            op.Reset();
            if (savepoints) await context.ExecuteAsync("SAVEPOINT batched_write");
            context.Undone = false;
            try
            {
                await op.RunAsync(context);
                // EF entities an op added belong to its savepoint too.
                if (!context.Undone && db.ChangeTracker.HasChanges())
                {
                    if (db.Database.CurrentTransaction is null) await db.Database.UseTransactionAsync(context.Transaction);
                    await db.SaveChangesAsync(CancellationToken.None);
                }
            }
            catch (Exception ex)
            {
                op.Error = ex;
                context.Undone = true;
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
            if (!savepoints)
            {
                if (context.Undone) return false;
                continue;
            }
            if (context.Undone) await context.ExecuteAsync("ROLLBACK TO SAVEPOINT batched_write");
            await context.ExecuteAsync("RELEASE SAVEPOINT batched_write");
        }
        return true;
    }

    /// <summary>Asks the writer to start SQLite's write-ahead log over after its next batch (see <see cref="SqliteCheckpointer"/>).</summary>
    public void RequestLogRestart() => _logRestartWanted = true;

    /// <summary>
    /// A RESTART checkpoint: it needs the write lock, which only this thread takes, and the readers to move on. It waits
    /// for them a few milliseconds at most; if they are still there, the next request tries again. After a failure the
    /// connection is replaced, as after a failed batch: the next batch opens one with the usual settings.
    /// </summary>
    private void RestartLog(SqliteConnection sqlite)
    {
        _logRestartWanted = false;
        try
        {
            using var command = sqlite.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout = 5; PRAGMA wal_checkpoint(RESTART); PRAGMA busy_timeout = 5000;";
            command.ExecuteNonQuery();
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Restarting the SQLite log failed; the checkpointer will ask again");
            ResetWriterAsync().GetAwaiter().GetResult();
        }
    }

    /// <summary>The writer's one context, kept across batches (it is only ever used by the write loop).</summary>
    private async Task<PetitionDbContext> WriterContextAsync()
    {
        if (_db is not null) return _db;
        var db = _contexts.Create();
        if (db.Database.IsSqlite())
        {
            _sqliteWriter = await OpenSqliteWriterAsync(db.Database.GetConnectionString()!);
            db.Database.SetDbConnection(_sqliteWriter, contextOwnsConnection: false);
        }
        return _db = db;
    }

    private static async Task<DbConnection> OpenSqliteWriterAsync(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var pragma = connection.CreateCommand();
        // busy_timeout: wait inside SQLite (short sleeps) while another feature writes, instead of failing.
        // wal_autocheckpoint = 0: the SqliteCheckpointer does it off this path.
        // temp_store = MEMORY: each write's savepoint keeps the pages it changes in a sub-journal, which otherwise spills to
        // a temporary file past 64 KB; under load that meant a file created and deleted per batch and a third of all disk writes.
        // cache_size = 64 MB (at most; pages are taken as needed): every message touches its conversation's pages, and with
        // the default 2 MB the writer read 2.3 pages a message back from the file (0.4 with this, under benchmark load).
        pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA wal_autocheckpoint = 0; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;";
        await pragma.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>After a failure: a fresh context, connection and statements for the next batch.</summary>
    private async Task ResetWriterAsync()
    {
        try
        {
            foreach (var statement in _statements.Values) await statement.DisposeAsync();
            if (_db is not null) await _db.DisposeAsync();
            if (_sqliteWriter is not null) await _sqliteWriter.DisposeAsync();
        }
        catch (Exception ex)
        {
            // Never let clean-up stop the writer thread: every later write would wait for ever.
            _logger.LogWarning(ex, "Closing the database writer's connection failed; opening a new one");
        }
        _statements.Clear();
        _db = null;
        _sqliteWriter = null;
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _wake.Set();
        await _stopped.Task;
        await ResetWriterAsync();
    }

    private bool NeedsDeferred(Op urgent) => urgent.Key is not { } key || _deferredKeys.Contains(key);

    private abstract class Op(string? key)
    {
        public string? Key { get; } = key;
        /// <summary>When a deferred write reached the writer (a <see cref="Stopwatch"/> timestamp).</summary>
        public long QueuedAt { get; set; }
        public Exception? Error { get; set; }
        public abstract Task RunAsync(WriteBatch batch);
        public abstract void Complete();
        public abstract void Fail(Exception ex);
        public void Reset() => Error = null;
    }

    private sealed class Op<T>(Func<WriteBatch, Task<T>> write, string? key, bool completesOnWriter) : Op(key)
    {
        private readonly TaskCompletionSource<T> _done =
            new(completesOnWriter ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _done.Task;

        public override async Task RunAsync(WriteBatch batch) => _result = await write(batch);

        public override void Complete()
        {
            if (Error is not null) _done.TrySetException(Error);
            else _done.TrySetResult(_result);
        }

        public override void Fail(Exception ex) => _done.TrySetException(ex);
    }
}

/// <summary>
/// Makes the writer's contexts outside the DbContext pool: the writer swaps in its own SQLite connection, and a pooled
/// context would carry that connection to the next request that leases it.
/// </summary>
public sealed class WriterContextFactory(Func<PetitionDbContext> create)
{
    public PetitionDbContext Create() => create();
}

/// <summary>
/// What a batched write sees: the batch's context and transaction, and plain SQL for the hot statements. Also made over a
/// request's own context (and its transaction, if any), so that a statement is written once for both paths.
/// </summary>
public sealed class WriteBatch(PetitionDbContext db, DbTransaction? transaction, Dictionary<string, DbCommand>? statements = null)
{
    public PetitionDbContext Db { get; } = db;

    internal DbTransaction? Transaction { get; } = transaction;

    internal bool Undone { get; set; }

    /// <summary>Rolls back everything this write did; the other writes in the batch are kept.</summary>
    public void Undo() => Undone = true;

    /// <summary>
    /// Runs one statement in the batch's transaction; the number of rows it changed. Plain SQL that SQLite and PostgreSQL
    /// both understand (ON CONFLICT, excluded.): on this path EF's change tracking costs more than the writes themselves.
    /// A statement is always run with the same parameter names.
    /// </summary>
    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        var keep = statements is not null;
        if (statements is null || !statements.TryGetValue(sql, out var command))
        {
            command = Db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            foreach (var (name, _) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }
            statements?.Add(sql, command);
        }
        try
        {
            command.Transaction = Transaction;
            foreach (var (name, value) in parameters) command.Parameters[name].Value = value ?? DBNull.Value;
            return await command.ExecuteNonQueryAsync();
        }
        finally
        {
            if (!keep) await command.DisposeAsync();
        }
    }
}
