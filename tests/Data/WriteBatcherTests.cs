using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Channels.WeChat;
using PetitionBot.Bot.Data;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Data;

/// <summary>Writes that share a commit: one that fails or undoes itself must not take the others with it.</summary>
public class WriteBatcherTests
{
    private const string InsertSql =
        """INSERT INTO "WeChatDeliveries" ("DedupKey", "Channel", "UserId", "ReceivedUtc") VALUES (@key, @channel, @user, @at)""";

    [Fact]
    public Task A_failed_or_undone_write_is_rolled_back_alone() => FailedAndUndoneWritesAreIsolated(Db.Sqlite);

    [PostgresFact]
    public Task A_failed_or_undone_write_is_rolled_back_alone_on_postgres() => FailedAndUndoneWritesAreIsolated(Db.Postgres);

    private static async Task FailedAndUndoneWritesAreIsolated(Db db)
    {
        await using var host = BotHost.Start(db);
        var writer = host.Services.GetRequiredService<WriteBatcher>();
        var prefix = Guid.NewGuid().ToString("N")[..8];
        string Key(int round, string name) => $"{prefix}:{round}:{name}";

        // Queued without waiting, so that the writer finds them together (several rounds: batching depends on timing).
        var all = new List<(string Kind, string Key, Task<int> Task)>();
        for (var round = 0; round < 20; round++)
        {
            var good = Key(round, "good");
            var failed = Key(round, "failed");
            var undone = Key(round, "undone");
            var after = Key(round, "after");
            all.Add(("good", good, writer.WriteAsync(batch => Insert(batch, good))));
            all.Add(("failed", failed, writer.WriteAsync(async batch =>
            {
                await Insert(batch, failed);
                await Insert(batch, good); // the unique DedupKey refuses it: this whole write must vanish
                return 1;
            })));
            all.Add(("undone", undone, writer.WriteAsync(async batch =>
            {
                await Insert(batch, undone);
                batch.Undo();
                return 2;
            })));
            all.Add(("after", after, writer.WriteAsync(batch => Insert(batch, after), canWait: true)));
        }
        await Task.WhenAll(all.Select(w => w.Task.ContinueWith(_ => { }, TaskScheduler.Default)));

        var stored = new HashSet<string>();
        await host.WithDbAsync(async context => stored.UnionWith(await context.Set<WeChatDelivery>()
            .Where(d => d.DedupKey.StartsWith(prefix)).Select(d => d.DedupKey).ToListAsync()));
        foreach (var (kind, key, task) in all)
        {
            switch (kind)
            {
                case "good" or "after":
                    Assert.Equal(1, await task);
                    Assert.Contains(key, stored);
                    break;
                case "failed":
                    await Assert.ThrowsAnyAsync<Exception>(() => task);
                    Assert.DoesNotContain(key, stored);
                    break;
                case "undone":
                    Assert.Equal(2, await task); // the caller learns what the write decided
                    Assert.DoesNotContain(key, stored);
                    break;
            }
        }
    }

    [Fact]
    public async Task A_write_that_could_wait_is_committed_before_the_next_urgent_write_of_its_conversation()
    {
        await using var host = BotHost.Start();
        var writer = host.Services.GetRequiredService<WriteBatcher>();
        var prefix = Guid.NewGuid().ToString("N")[..8];
        for (var round = 0; round < 20; round++)
        {
            var user = $"{prefix}-{round}";
            var waiting = writer.WriteAsync(batch => Insert(batch, user + ":record"), canWait: true, key: WriteBatcher.KeyOf("wechat", user));
            var next = await writer.WriteAsync(async batch =>
                await batch.Db.Set<WeChatDelivery>().CountAsync(d => d.DedupKey == user + ":record"),
                key: WriteBatcher.KeyOf("wechat", user));
            Assert.Equal(1, next); // the urgent write saw the waiting one's row: it ran first, in the same commit or before
            Assert.Equal(1, await waiting);
        }

        // Alone, a waiting write still gets committed (after its short wait).
        var alone = await writer.WriteAsync(batch => Insert(batch, prefix + ":alone"), canWait: true, key: WriteBatcher.KeyOf("wechat", prefix));
        Assert.Equal(1, alone);
    }

    private static Task<int> Insert(WriteBatch batch, string key) =>
        batch.ExecuteAsync(InsertSql, ("@key", key), ("@channel", "wechat"), ("@user", "o-batch"),
            ("@at", DateTime.SpecifyKind(new DateTime(2026, 11, 25, 2, 0, 0), DateTimeKind.Utc)));
}
