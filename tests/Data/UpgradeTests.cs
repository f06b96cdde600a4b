using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;
using PetitionBot.Bench.Seed;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.PersonalData;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Data;

/// <summary>
/// A database at the last released schema (WeComUserId, before OneQueueAtScale) upgrades to this build: its petitions
/// keep their rows, count as 网上 and get the dashboard facts that intake and the workflow keep from now on.
/// </summary>
public class UpgradeTests
{
    private static readonly DateTime End = new(2026, 12, 7, 4, 0, 0, DateTimeKind.Utc);
    private const string LastReleased = "WeComUserId";

    [Fact]
    public Task Petitions_from_before_the_one_queue_upgrade_as_online_with_their_repeats_and_reviews_counted() => Upgrade(Db.Sqlite);

    [PostgresFact]
    public Task Petitions_from_before_the_one_queue_upgrade_as_online_with_their_repeats_and_reviews_counted_on_postgres() => Upgrade(Db.Postgres);

    private static async Task Upgrade(Db kind)
    {
        await using var database = TestDatabase.Create(kind);
        Func<PetitionDbContext> contexts = kind == Db.Postgres
            ? () => new PostgresPetitionDbContext(new DbContextOptionsBuilder<PostgresPetitionDbContext>().UseNpgsql(database.ConnectionString).Options)
            : () => new SqlitePetitionDbContext(new DbContextOptionsBuilder<SqlitePetitionDbContext>().UseSqlite(database.ConnectionString).Options);
        await using (var db = contexts()) await db.Database.MigrateAsync();
        var protector = new PersonalDataProtector(Options.Create(new PersonalDataOptions { Key = Convert.ToBase64String(new byte[32]) }));
        await new SyntheticData(contexts, protector).FillAsync(new SeedOptions(600, End, Units: 10, Grids: 40, BatchSize: 250));
        List<(long Id, long? RepeatOf, bool ReviewSought)> before;
        await using (var db = contexts())
            before = (await db.Petitions.AsNoTracking().Select(p => new { p.Id, p.RepeatOfPetitionId, p.ReviewSought }).ToListAsync())
                .Select(p => (p.Id, p.RepeatOfPetitionId, p.ReviewSought)).ToList();

        // The rows as a database of the last release holds them (its Down drops what came after), then the upgrade.
        await using (var db = contexts()) await db.GetService<IMigrator>().MigrateAsync(LastReleased);
        await using (var db = contexts()) await db.Database.MigrateAsync();

        await using var check = contexts();
        Assert.Empty(await check.Database.GetPendingMigrationsAsync());
        var after = await check.Petitions.AsNoTracking().Select(p => new { p.Id, p.Source, p.HasLaterRepeat, p.ReviewSought }).ToListAsync();
        Assert.Equal(before.Select(p => p.Id).Order(), after.Select(p => p.Id).Order());
        // Before 登记 in the office every petition came through a chat channel.
        Assert.All(after, p => Assert.Equal(PetitionSource.Online, p.Source));
        var repeated = before.Where(p => p.RepeatOf is not null).Select(p => p.RepeatOf!.Value).ToHashSet();
        Assert.NotEmpty(repeated);
        Assert.Equal(repeated.Order(), after.Where(p => p.HasLaterRepeat).Select(p => p.Id).Order());
        var reviewed = before.Where(p => p.ReviewSought).Select(p => p.Id).ToList();
        Assert.NotEmpty(reviewed);
        Assert.Equal(reviewed.Order(), after.Where(p => p.ReviewSought).Select(p => p.Id).Order());
    }
}
