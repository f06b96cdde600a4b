using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Notifications;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>A change to a user's customer-service window: a new inbound message, and/or the kept "全文" text.</summary>
internal sealed record WindowChange(string Channel, string UserId, DateTime? InboundUtc, bool SetFullText = false, string? FullText = null);

/// <summary>
/// Writes delivery claims, replies, outbox rows and window changes in batches: requests that arrive together share
/// one transaction, so a busy callback costs one commit per batch rather than two or three per message.
/// A batch that hits a unique key falls back to one write at a time.
/// On SQLite the writer keeps its own connection with synchronous=NORMAL (WAL): commits survive a crash of the
/// process but skip the fsync, which would otherwise cap the callback at a few hundred messages a second; a power
/// cut may lose the last moments of dedup rows, which WeChat's retries then simply process again.
/// </summary>
internal sealed class WeChatDeliveryLedger : IAsyncDisposable
{
    private const int MaxBatch = 256;
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
            catch (Exception ex) when (batch.Count > 1)
            {
                await ResetSqliteWriterAsync();
                _logger.LogDebug(ex, "Batch of {Count} writes failed; writing one at a time", batch.Count);
                foreach (var op in batch) await WriteAloneAsync(op);
            }
            catch (Exception ex)
            {
                await ResetSqliteWriterAsync();
                await WriteAloneAsync(batch[0], ex);
            }
        }
    }

    private async Task WriteAloneAsync(Op op, Exception? alreadyFailed = null)
    {
        try
        {
            if (alreadyFailed is not null) throw alreadyFailed;
            await WriteBatchAsync([op]);
            op.Done.TrySetResult(op.Result);
        }
        catch (Exception ex)
        {
            // A claim that lost the race to another instance is simply not ours.
            if (ex is DbUpdateException && op is ClaimOp claim && await IsRecordedAsync(claim.Delivery.DedupKey))
            {
                op.Done.TrySetResult(false);
            }
            else
            {
                op.Done.TrySetException(ex);
            }
        }
    }

    private async Task<bool> IsRecordedAsync(string dedupKey)
    {
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
            return await db.Set<WeChatDelivery>().AnyAsync(d => d.DedupKey == dedupKey);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Could not look up delivery {DedupKey}", dedupKey);
            return false;
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

        var claims = batch.OfType<ClaimOp>().ToList();
        if (claims.Count > 0)
        {
            var keys = claims.Select(c => c.Delivery.DedupKey).ToList();
            var recorded = (await db.Set<WeChatDelivery>().Where(d => keys.Contains(d.DedupKey)).Select(d => d.DedupKey).ToListAsync())
                .ToHashSet(StringComparer.Ordinal);
            foreach (var claim in claims)
            {
                claim.Result = recorded.Add(claim.Delivery.DedupKey);
                if (claim.Result)
                {
                    claim.Delivery.Id = 0;
                    db.Add(claim.Delivery);
                }
            }
        }

        var writes = batch.OfType<WriteOp>().ToList();
        foreach (var write in writes)
        {
            if (write.Completed is { } completed) db.Update(completed);
            foreach (var row in write.Outbox)
            {
                row.Id = 0; // a failed batch may have left a key behind
                db.Add(row);
            }
        }

        var changes = writes.Select(w => w.Window).OfType<WindowChange>().ToList();
        if (changes.Count > 0) await ApplyWindowChangesAsync(db, changes);

        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static async Task ApplyWindowChangesAsync(PetitionDbContext db, List<WindowChange> changes)
    {
        var users = changes.Select(c => c.UserId).Distinct().ToList();
        var channels = changes.Select(c => c.Channel).Distinct().ToList();
        var windows = await db.Set<WeChatUserWindow>()
            .Where(w => channels.Contains(w.Channel) && users.Contains(w.UserId))
            .ToDictionaryAsync(w => (w.Channel, w.UserId));
        foreach (var change in changes)
        {
            if (!windows.TryGetValue((change.Channel, change.UserId), out var window))
            {
                window = new WeChatUserWindow { Channel = change.Channel, UserId = change.UserId, LastInboundUtc = change.InboundUtc ?? default };
                db.Add(window);
                windows[(change.Channel, change.UserId)] = window;
            }
            if (change.InboundUtc is { } inbound && inbound >= window.LastInboundUtc)
            {
                // A new message from the user reopens the 48 h window with a fresh quota.
                window.LastInboundUtc = inbound;
                window.SentSinceInbound = 0;
            }
            if (change.SetFullText) window.FullText = change.FullText;
        }
    }

    private static async Task<DbConnection> OpenSqliteWriterAsync(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var pragma = connection.CreateCommand();
        // busy_timeout: wait inside SQLite (short sleeps) when another feature is writing, instead of failing.
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
