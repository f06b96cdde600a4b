using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PetitionBot.Bot.Data;

/// <summary>
/// SQLite lets one connection write at a time, and a writer that finds the lock taken sleeps in SQLite's busy handler
/// (1, 2, 5, 10 … ms) however soon the lock is free again: under load those sleeps, not the writes, were most of a
/// message's time. So this process's writers queue on one async lock instead and the next one is woken as soon as a write
/// ends. A transaction holds it from BEGIN (Microsoft.Data.Sqlite's is IMMEDIATE: the write lock is taken at once, never
/// upgraded from a read lock) to commit or rollback; SaveChanges outside a transaction and a bare statement (ExecuteUpdate,
/// ExecuteDelete) for their own duration. A context that holds it does not take it again (SaveChanges inside its
/// transaction; a transaction begun again after a dropped one), and closing the context's connection lets it go in any case.
/// Reads are not gated (WAL). A writer that waited <see cref="MaxWait"/> goes on to SQLite's busy handler, so a mistake
/// here (a write on a second context inside a transaction) can slow writes but never stop them. One per database.
/// </summary>
internal sealed class SqliteWriteGate : IDbTransactionInterceptor, ISaveChangesInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor
{
    internal static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly ConditionalWeakTable<DbContext, Holder> holders = new();

    /// <summary>Whether a writer holds the gate (for tests).</summary>
    internal bool Taken => gate.CurrentCount == 0;

    private enum Held { No, ByTransaction, BySave, ByStatement }

    // A context is used by one caller at a time, so its own entry needs no lock.
    private sealed class Holder
    {
        public Held Held;
    }

    // ---- taking it

    private Holder? Idle(DbContext? context)
    {
        if (context is null) return null;
        var holder = holders.GetOrCreateValue(context);
        return holder.Held == Held.No ? holder : null;
    }

    private async ValueTask EnterAsync(DbContext? context, Held how, CancellationToken cancellationToken)
    {
        if (Idle(context) is { } holder && await gate.WaitAsync(MaxWait, cancellationToken)) holder.Held = how;
    }

    private void Enter(DbContext? context, Held how)
    {
        if (Idle(context) is { } holder && gate.Wait(MaxWait)) holder.Held = how;
    }

    /// <summary>Lets the gate go if <paramref name="context"/> took it for <paramref name="how"/> (any reason when null).</summary>
    private void Exit(DbContext? context, Held? how = null)
    {
        if (context is null || !holders.TryGetValue(context, out var holder) || holder.Held == Held.No) return;
        if (how is { } h && holder.Held != h) return;
        holder.Held = Held.No;
        gate.Release();
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result)
    {
        Enter(eventData.Context, Held.ByTransaction);
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
        TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await EnterAsync(eventData.Context, Held.ByTransaction, cancellationToken);
        return result;
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Enter(eventData.Context, Held.BySave);
        return result;
    }

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        await EnterAsync(eventData.Context, Held.BySave, cancellationToken);
        return result;
    }

    // Outside a transaction or a save, a non-query is a write of its own (readers and scalars are reads here).
    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (command.Transaction is null) Enter(eventData.Context, Held.ByStatement);
        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (command.Transaction is null) await EnterAsync(eventData.Context, Held.ByStatement, cancellationToken);
        return result;
    }

    // ---- letting it go

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Exit(eventData.Context, Held.ByTransaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(eventData.Context, Held.ByTransaction);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Exit(eventData.Context, Held.ByTransaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(eventData.Context, Held.ByTransaction);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Exit(eventData.Context, Held.ByTransaction);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(eventData.Context, Held.ByTransaction);
        return Task.CompletedTask;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Exit(eventData.Context, Held.BySave);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Exit(eventData.Context, Held.BySave);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Exit(eventData.Context, Held.BySave);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(eventData.Context, Held.BySave);
        return Task.CompletedTask;
    }

    public void SaveChangesCanceled(DbContextEventData eventData) => Exit(eventData.Context, Held.BySave);

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(eventData.Context, Held.BySave);
        return Task.CompletedTask;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Exit(eventData.Context, Held.ByStatement);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Exit(eventData.Context, Held.ByStatement);
        return ValueTask.FromResult(result);
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Exit(eventData.Context, Held.ByStatement);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(eventData.Context, Held.ByStatement);
        return Task.CompletedTask;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Exit(eventData.Context, Held.ByStatement);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(eventData.Context, Held.ByStatement);
        return Task.CompletedTask;
    }

    // A closed connection holds no lock: whatever took the gate (a transaction disposed without commit or rollback) is over.
    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Exit(eventData.Context);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Exit(eventData.Context);
        return Task.CompletedTask;
    }
}
