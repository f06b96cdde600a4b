using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Notifications;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Data;

/// <summary>
/// The in-process queue for SQLite's write lock: a context already holding it writes on without waiting for itself,
/// whatever way a write ends lets the next one in, and many writers at once all get through.
/// </summary>
public class SqliteWriteGateTests
{
    // Well under the gate's own give-up time: a writer that waited that long was stuck behind a gate nobody let go.
    private static readonly TimeSpan Prompt = SqliteWriteGate.MaxWait / 2;

    [Fact]
    public async Task A_save_inside_a_transaction_does_not_wait_for_the_gate_its_own_transaction_holds()
    {
        await using var database = TestDatabase.Create(Db.Sqlite);
        var gate = new SqliteWriteGate();
        await using var db = await OpenAsync(database, gate);

        var clock = Stopwatch.StartNew();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            Assert.True(gate.Taken);
            db.Add(Message("a"));
            await db.SaveChangesAsync();
            await db.Outbox.Where(m => m.DedupKey == "a").ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, 1));
            db.Add(Message("b"));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            Assert.False(gate.Taken);
        }

        Assert.True(clock.Elapsed < Prompt, $"took {clock.Elapsed}");
        Assert.Equal(2, await db.Outbox.CountAsync());
    }

    [Fact]
    public async Task A_transaction_dropped_without_commit_a_failed_save_and_a_failed_statement_each_let_the_next_writer_in()
    {
        await using var database = TestDatabase.Create(Db.Sqlite);
        var gate = new SqliteWriteGate();
        await using var first = await OpenAsync(database, gate);
        await using var second = await OpenAsync(database, gate);

        await using (await first.Database.BeginTransactionAsync())
        {
            Assert.True(gate.Taken);
            first.Add(Message("dropped"));
            await first.SaveChangesAsync();
        } // disposed without commit or rollback
        Assert.False(gate.Taken);

        second.Add(Message("kept"));
        await second.SaveChangesAsync();
        second.ChangeTracker.Clear();
        Assert.False(gate.Taken);

        first.ChangeTracker.Clear();
        first.Add(Message("kept")); // the same dedup key: a unique violation
        await Assert.ThrowsAsync<DbUpdateException>(() => first.SaveChangesAsync());
        first.ChangeTracker.Clear();
        Assert.False(gate.Taken);
        await Assert.ThrowsAnyAsync<Exception>(() => first.Database.ExecuteSqlRawAsync("UPDATE \"NoSuchTable\" SET x = 1"));
        Assert.False(gate.Taken);

        var clock = Stopwatch.StartNew();
        await second.Outbox.ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, 2));
        second.Add(Message("after"));
        await second.SaveChangesAsync();
        Assert.True(clock.Elapsed < Prompt, $"the next writer waited {clock.Elapsed}: the gate was not let go");
        Assert.Equal(["after", "kept"], await second.Outbox.Select(m => m.DedupKey).OrderBy(k => k).ToListAsync());
    }

    [Fact]
    public async Task Many_writers_at_once_all_get_through()
    {
        await using var database = TestDatabase.Create(Db.Sqlite);
        var gate = new SqliteWriteGate();
        await using (var setup = await OpenAsync(database, gate)) { }

        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            await using var db = await OpenAsync(database, gate, migrate: false);
            if (i % 2 == 0)
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                db.Add(Message($"t{i}"));
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
            }
            else
            {
                db.Add(Message($"s{i}"));
                await db.SaveChangesAsync();
            }
        });

        Assert.False(gate.Taken);
        await using var check = await OpenAsync(database, gate, migrate: false);
        Assert.Equal(200, await check.Outbox.CountAsync());
    }

    private static async Task<PetitionDbContext> OpenAsync(TestDatabase database, SqliteWriteGate gate, bool migrate = true)
    {
        var options = new DbContextOptionsBuilder<SqlitePetitionDbContext>()
            .UseSqlite(database.ConnectionString + ";Default Timeout=30")
            .AddInterceptors(gate)
            .Options;
        var db = new SqlitePetitionDbContext(options);
        if (migrate)
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
        return db;
    }

    private static OutboxMessage Message(string key) => new()
    {
        Channel = "test", UserId = "u", Kind = "reply", Text = "…", DedupKey = key,
        CreatedUtc = DateTime.UtcNow, NextAttemptUtc = DateTime.UtcNow,
    };
}
