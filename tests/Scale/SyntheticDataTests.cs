using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PetitionBot.Bench.Seed;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Grid;
using PetitionBot.Bot.Office.Units;
using PetitionBot.Bot.Office.Workflow;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Clock;
using PetitionBot.Bot.Petitions.PersonalData;
using PetitionBot.Bot.Petitions.Validation;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Scale;

/// <summary>The generator behind the scale figures (bench seed), at a small count on SQLite.</summary>
public class SyntheticDataTests
{
    private static readonly DateTime End = new(2026, 12, 7, 4, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task The_generator_writes_the_requested_petitions_units_and_grids_with_valid_protected_personal_data()
    {
        await using var database = TestDatabase.Create(Db.Sqlite);
        Func<PetitionDbContext> contexts = () => new SqlitePetitionDbContext(
            new DbContextOptionsBuilder<SqlitePetitionDbContext>().UseSqlite(database.ConnectionString).Options);
        await using (var db = contexts()) await db.Database.MigrateAsync();
        var protector = new PersonalDataProtector(Options.Create(new PersonalDataOptions { Key = Convert.ToBase64String(new byte[32]) }));

        var report = await new SyntheticData(contexts, protector).FillAsync(new SeedOptions(600, End, Units: 10, Grids: 40, BatchSize: 250));

        await using var check = contexts();
        Assert.Equal(600, await check.Petitions.CountAsync());
        Assert.Equal(10, await check.Set<HandlingUnit>().CountAsync());
        Assert.Equal(40, await check.Set<GridArea>().CountAsync());
        Assert.Equal(report.Events, await check.Set<PetitionEvent>().CountAsync());
        Assert.Equal(600, await check.Set<PetitionEvent>().CountAsync(e => e.Action == "登记"));
        Assert.Equal(report.Transcript, await check.Set<TranscriptLine>().CountAsync());
        Assert.True(report.Repeats > 0 && report.Escalations > 0 && report.Opinions > 0 && report.Disputes > 0, $"{report}");

        var petitions = await check.Petitions.AsNoTracking().ToListAsync();
        Assert.Equal(600, petitions.Select(p => p.TrackingNo).Distinct().Count());
        var today = DateOnly.FromDateTime(End);
        foreach (var p in petitions)
        {
            Assert.Matches(@"^XF\d{8}-\d{4}$", p.TrackingNo);
            Assert.InRange(p.ReceivedUtc, End.AddYears(-3), End);
            // Encrypted as intake encrypts it: it decrypts to a valid number whose hash and mask are the stored ones.
            var id = ((IPersonalDataProtector)protector).Unprotect(p.IdNumberProtected);
            Assert.True(IdNumber.Check(id, today).IsValid, id);
            Assert.Equal(((IPersonalDataProtector)protector).Hash(id), p.IdNumberHash);
            Assert.Equal(IdNumber.Mask(id), p.IdNumberMasked);
            Assert.True(PhoneNumber.Check(p.Phone).IsValid, p.Phone);
        }
        // A repeat points back to an earlier petition of the same person.
        var byId = petitions.ToDictionary(p => p.Id);
        foreach (var r in petitions.Where(p => p.IsRepeat))
        {
            var earlier = byId[r.RepeatOfPetitionId!.Value];
            Assert.Equal(earlier.TrackingNo, r.EarlierTrackingNo);
            Assert.Equal(earlier.IdNumberHash, r.IdNumberHash);
            Assert.True(earlier.ReceivedUtc <= r.ReceivedUtc);
        }
        // Open items carry a running deadline; dissatisfied ratings are escalated.
        Assert.All(petitions.Where(p => p.DueUtc != null), p => Assert.False(PetitionBot.Bot.Office.Workflow.PetitionRules.IsFinished(p.Status)));
        var dissatisfied = petitions.Where(p => p.Rating == PetitionRating.Dissatisfied).Select(p => p.Id).ToHashSet();
        Assert.Equal(dissatisfied, (await check.Set<RatingEscalation>().Where(e => e.Level == 1).Select(e => e.PetitionId).ToListAsync()).ToHashSet());
    }
}
