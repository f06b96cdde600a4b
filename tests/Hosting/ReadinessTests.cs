using System.Net;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Hosting;

/// <summary>/healthz/ready for a load balancer: not ready on a database whose schema is behind this build.</summary>
public class ReadinessTests
{
    [Fact]
    public Task A_database_missing_a_migration_is_not_ready_while_live_still_answers() => MissingMigration(Db.Sqlite);

    [PostgresFact]
    public Task A_database_missing_a_migration_is_not_ready_while_live_still_answers_on_postgres() => MissingMigration(Db.Postgres);

    private static async Task MissingMigration(Db db)
    {
        await using var host = BotHost.Start(db, new BotHostOptions { FakeKnowledge = true });
        // As after restoring a backup taken before the last upgrade under a running instance.
        await host.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = (SELECT MAX(\"MigrationId\") FROM \"__EFMigrationsHistory\")"));

        var ready = await host.Client.GetAsync("/healthz/ready");
        var live = await host.Client.GetAsync("/healthz/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("数据库结构未升级", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task A_migrated_database_with_the_index_open_is_ready()
    {
        await using var host = BotHost.Start(options: new BotHostOptions { FakeKnowledge = true });

        var ready = await host.Client.GetAsync("/healthz/ready");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ok", await ready.Content.ReadAsStringAsync());
    }
}
