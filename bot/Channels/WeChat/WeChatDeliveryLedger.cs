using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Notifications;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>A change to a user's customer-service window: a new inbound message, and/or the kept "全文" text.</summary>
internal sealed record WindowChange(string Channel, string UserId, DateTime? InboundUtc, bool SetFullText = false, string? FullText = null);

/// <summary>
/// Writes delivery claims, replies, outbox rows and window changes in batches: requests that arrive together share
/// one transaction, so a busy callback costs one commit per batch rather than two or three per message.
/// A claim whose key exists already inserts nothing (ON CONFLICT DO NOTHING) and reports false; a batch that fails
/// for another reason is retried one write at a time.
/// On SQLite the writer keeps its own connection with synchronous=NORMAL (WAL): commits survive a crash of the
/// process but skip the fsync, which would otherwise cap the callback at a few hundred messages a second; a power
/// cut may lose the last moments of dedup rows, which WeChat's retries then simply process again.
/// </summary>
internal sealed class WeChatDeliveryLedger : IAsyncDisposable
{
    private const int MaxBatch = 256;

    // Plain SQL that SQLite and PostgreSQL both understand (ON CONFLICT, excluded.): this is the hot path of every
    // callback, where EF's change tracking cost more than the writes themselves.
    private const string ClaimSql =
        """INSERT INTO "WeChatDeliveries" ("DedupKey", "Channel", "UserId", "State", "ReceivedUtc") VALUES (@key, @channel, @user, @state, @at) ON CONFLICT ("DedupKey") DO NOTHING""";
    private const string CompleteSql =
        """UPDATE "WeChatDeliveries" SET "State" = @state, "ReplyText" = @reply, "CompletedUtc" = @at WHERE "DedupKey" = @key""";
    private const string InboundSql =
        """INSERT INTO "WeChatUserWindows" ("Channel", "UserId", "LastInboundUtc", "SentSinceInbound") VALUES (@channel, @user, @at, 0) ON CONFLICT ("Channel", "UserId") DO UPDATE SET "LastInboundUtc" = excluded."LastInboundUtc", "SentSinceInbound" = 0 WHERE "WeChatUserWindows"."LastInboundUtc" <= excluded."LastInboundUtc" """;
    private const string FullTextSql =
        """INSERT INTO "WeChatUserWindows" ("Channel", "UserId", "LastInboundUtc", "SentSinceInbound", "FullText") VALUES (@channel, @user, @at, 0, @text) ON CONFLICT ("Channel", "UserId") DO UPDATE SET "FullText" = excluded."FullText" """;

    private readonly Channel<Op> _ops = Channel.CreateUnbounded<Op>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<WeChatDeliveryLedger> _logger;
    private readonly Task _writer;
    private DbConnection? _sqliteWriter;

    public WeChatDeliveryLedger(IServiceScopeFactory scopes, ILogger<WeChatDeliveryLedger> logger)
    {
        _scopes = scopes;
        _logger = logger;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Inserts the delivery row; false when a delivery with the same key is already recorded.</summary>
    public Task<bool> ClaimAsync(WeChatDelivery delivery) => Enqueue(new ClaimOp(delivery));

    /// <summary>Stores a delivery's outcome (if given), queues outbox rows and applies a window change, atomically.</summary>
    public Task WriteAsync(WeChatDelivery? completed, IReadOnlyList<OutboxMessage> outbox, WindowChange? window) =>
        Enqueue(new WriteOp(completed, outbox, window));

    private Task<bool> Enqueue(Op op)
    {
        if (!_ops.Writer.TryWrite(op)) op.Done.TrySetException(new ObjectDisposedException(nameof(WeChatDeliveryLedger)));
        return op.Done.Task;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Op>(MaxBatch);
        while (await _ops.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _ops.Reader.TryRead(out var op)) batch.Add(op);
            try
            {
                await WriteBatchAsync(batch);
                foreach (var op in batch) op.Done.TrySetResult(op.Result);
            }
            catch (Exception ex)
            {
                await ResetSqliteWriterAsync();
                if (batch.Count == 1)
                {
                    _logger.LogError(ex, "WeChat delivery write failed");
                    batch[0].Done.TrySetException(ex);
                    continue;
                }
                _logger.LogWarning(ex, "A batch of {Count} WeChat delivery writes failed; writing them one at a time", batch.Count);
                foreach (var op in batch)
                {
                    try
                    {
                        await WriteBatchAsync([op]);
                        op.Done.TrySetResult(op.Result);
                    }
                    catch (Exception one)
                    {
                        await ResetSqliteWriterAsync();
                        op.Done.TrySetException(one);
                    }
                }
            }
        }
    }

    private async Task WriteBatchAsync(IReadOnlyList<Op> batch)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        if (db.Database.IsSqlite())
        {
            _sqliteWriter ??= await OpenSqliteWriterAsync(db.Database.GetConnectionString()!);
            db.Database.SetDbConnection(_sqliteWriter, contextOwnsConnection: false);
        }
        await using var transaction = await db.Database.BeginTransactionAsync();
        var connection = db.Database.GetDbConnection();
        var dbTransaction = transaction.GetDbTransaction();

        Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = dbTransaction;
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }
            return ExecuteAndDisposeAsync(command);
        }

        var outbox = false;
        foreach (var op in batch)
        {
            switch (op)
            {
                case ClaimOp { Delivery: var d } claim:
                    claim.Result = await ExecuteAsync(ClaimSql, ("@key", d.DedupKey), ("@channel", d.Channel), ("@user", d.UserId),
                        ("@state", d.State.ToString()), ("@at", d.ReceivedUtc)) == 1;
                    break;
                case WriteOp write:
                    if (write.Completed is { } c)
                    {
                        await ExecuteAsync(CompleteSql, ("@key", c.DedupKey), ("@state", c.State.ToString()), ("@reply", c.ReplyText),
                            ("@at", c.CompletedUtc));
                    }
                    if (write.Window is { InboundUtc: { } inbound } w)
                    {
                        await ExecuteAsync(InboundSql, ("@channel", w.Channel), ("@user", w.UserId), ("@at", inbound));
                    }
                    if (write.Window is { SetFullText: true } f)
                    {
                        await ExecuteAsync(FullTextSql, ("@channel", f.Channel), ("@user", f.UserId),
                            ("@at", f.InboundUtc ?? DateTime.SpecifyKind(DateTime.UnixEpoch, DateTimeKind.Utc)), ("@text", f.FullText));
                    }
                    foreach (var row in write.Outbox)
                    {
                        row.Id = 0; // a failed batch may have left a key behind
                        db.Add(row);
                        outbox = true;
                    }
                    break;
            }
        }
        // Outbox rows belong to the notifications feature: written through its EF mapping, in the same transaction.
        if (outbox) await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync();
    }

    private static async Task<int> ExecuteAndDisposeAsync(DbCommand command)
    {
        await using (command)
        {
            return await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<DbConnection> OpenSqliteWriterAsync(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var pragma = connection.CreateCommand();
        // busy_timeout: wait inside SQLite (short sleeps) while another feature writes, instead of failing.
        pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;";
        await pragma.ExecuteNonQueryAsync();
        return connection;
    }

    private async Task ResetSqliteWriterAsync()
    {
        if (_sqliteWriter is null) return;
        await _sqliteWriter.DisposeAsync();
        _sqliteWriter = null;
    }

    public async ValueTask DisposeAsync()
    {
        _ops.Writer.TryComplete();
        await _writer;
        await ResetSqliteWriterAsync();
    }

    private abstract class Op
    {
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Result { get; set; } = true;
    }

    private sealed class ClaimOp(WeChatDelivery delivery) : Op
    {
        public WeChatDelivery Delivery { get; } = delivery;
    }

    private sealed class WriteOp(WeChatDelivery? completed, IReadOnlyList<OutboxMessage> outbox, WindowChange? window) : Op
    {
        public WeChatDelivery? Completed { get; } = completed;
        public IReadOnlyList<OutboxMessage> Outbox { get; } = outbox;
        public WindowChange? Window { get; } = window;
    }
}
