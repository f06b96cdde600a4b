using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Clock;
using PetitionBot.Bot.Petitions.Intake;
using PetitionBot.Bot.Petitions.PersonalData;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Petitions;

/// <summary>Registration: durable, idempotent, gapless per-day tracking numbers, ID numbers encrypted at rest.</summary>
public class SubmissionTests
{
    [Fact]
    public Task Concurrent_submissions_get_consecutive_numbers_without_gaps_on_sqlite() => ConcurrentSubmissions(Db.Sqlite);

    [PostgresFact]
    public Task Concurrent_submissions_get_consecutive_numbers_without_gaps_on_postgres() => ConcurrentSubmissions(Db.Postgres);

    [Fact]
    public Task Confirming_the_same_form_twice_yields_the_same_petition_on_sqlite() => SameKeyTwice(Db.Sqlite);

    [PostgresFact]
    public Task Confirming_the_same_form_twice_yields_the_same_petition_on_postgres() => SameKeyTwice(Db.Postgres);

    [Fact]
    public Task Numbering_starts_again_at_midnight_in_Shanghai_on_sqlite() => NewDay(Db.Sqlite);

    [PostgresFact]
    public Task Numbering_starts_again_at_midnight_in_Shanghai_on_postgres() => NewDay(Db.Postgres);

    [Fact]
    public Task Id_number_is_stored_encrypted_on_sqlite() => EncryptedAtRest(Db.Sqlite);

    [PostgresFact]
    public Task Id_number_is_stored_encrypted_on_postgres() => EncryptedAtRest(Db.Postgres);

    [Fact]
    public Task A_petition_just_submitted_has_its_15_day_deadline_and_its_registration_event_on_sqlite() => ClockStarts(Db.Sqlite);

    [PostgresFact]
    public Task A_petition_just_submitted_has_its_15_day_deadline_and_its_registration_event_on_postgres() => ClockStarts(Db.Postgres);

    private static async Task ClockStarts(Db db)
    {
        // No deadline watch running: registration alone must put the petition on the clock.
        await using var host = BotHost.Start(db, new BotHostOptions { Settings = new Dictionary<string, string?> { ["Office:DeadlineWatchEnabled"] = "false" } });
        var submitted = await SubmitAsync(host, NewPetition(host, "form:clock"));

        // Received 2026-11-25 10:00 in Shanghai: 第二十二条's 15 days end at the close of 2026-12-10.
        await host.WithDbAsync(async d =>
        {
            var petition = await d.Petitions.AsNoTracking().SingleAsync(p => p.Id == submitted.Petition.Id);
            Assert.Equal("2026-12-10", PetitionClock.Format(petition.DueUtc));
            var deadline = await d.Set<PetitionDeadline>().AsNoTracking().SingleAsync(x => x.PetitionId == petition.Id);
            Assert.Equal((DeadlineKind.Dispose, new DateOnly(2026, 12, 10), true), (deadline.Kind, deadline.DueDate, deadline.IsOpen));
            var registered = await d.Set<PetitionEvent>().AsNoTracking().SingleAsync(x => x.PetitionId == petition.Id);
            Assert.Equal(("登记", PetitionStatus.Registered), (registered.Action, registered.ToStatus));
        });
    }

    private static async Task ConcurrentSubmissions(Db db)
    {
        await using var host = BotHost.Start(db);
        await using var second = host.SecondInstance();
        // 16 forms, each confirmed twice (a double tap), spread over two instances.
        var keys = Enumerable.Range(1, 16).Select(i => $"form:{i}").ToList();
        var results = await Task.WhenAll(keys.Concat(keys).Select((key, i) => SubmitAsync(i % 2 == 0 ? host : second, NewPetition(host, key))));

        var numbers = results.Select(r => r.Petition.TrackingNo).Distinct().Order().ToList();
        Assert.Equal(Enumerable.Range(1, 16).Select(n => $"XF20261125-{n:D4}"), numbers);
        Assert.Equal(16, results.Count(r => r.Created));
        foreach (var group in results.GroupBy(r => r.Petition.SubmissionKey))
            Assert.Single(group.Select(r => r.Petition.TrackingNo).Distinct());
    }

    private static async Task SameKeyTwice(Db db)
    {
        await using var host = BotHost.Start(db);
        var first = await SubmitAsync(host, NewPetition(host, "form:abc"));
        var again = await SubmitAsync(host, NewPetition(host, "form:abc"));

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.Petition.TrackingNo, again.Petition.TrackingNo);
        var count = 0;
        await host.WithDbAsync(async d => count = await d.Petitions.CountAsync());
        Assert.Equal(1, count);
    }

    private static async Task NewDay(Db db)
    {
        await using var host = BotHost.Start(db);
        host.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 15, 59, 0, TimeSpan.Zero)); // 23:59 in Shanghai
        var late = await SubmitAsync(host, NewPetition(host, "form:late"));
        host.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 16, 0, 0, TimeSpan.Zero)); // 00:00 the next day
        var early = await SubmitAsync(host, NewPetition(host, "form:early"));

        Assert.Equal("XF20261125-0001", late.Petition.TrackingNo);
        Assert.Equal("XF20261126-0001", early.Petition.TrackingNo);
    }

    private static async Task EncryptedAtRest(Db db)
    {
        await using var host = BotHost.Start(db);
        await SubmitAsync(host, NewPetition(host, "form:secret"));

        Petition? stored = null;
        await host.WithDbAsync(async d => stored = await d.Petitions.AsNoTracking().SingleAsync());
        Assert.DoesNotContain("110101199003071233", stored!.IdNumberProtected);
        Assert.DoesNotContain("110101199003071233", stored.IdNumberHash);
        Assert.Equal("1101**********1233", stored.IdNumberMasked);
        // The back office reads it through the app's IPersonalDataProtector.
        Assert.Equal("110101199003071233", host.Services.GetRequiredService<IPersonalDataProtector>().Unprotect(stored.IdNumberProtected));
    }

    internal static Task<SubmissionResult> SubmitAsync(BotHost host, NewPetition petition) =>
        host.WithScopeAsync(sp => sp.GetRequiredService<PetitionIntake>().SubmitAsync(petition));

    internal static NewPetition NewPetition(BotHost host, string key, string phone = "13800138000") => new()
    {
        SubmissionKey = key,
        Channel = "web",
        ChannelUserId = "web-" + key,
        PetitionerName = "张三",
        IdNumber = host.Services.GetRequiredService<PersonalDataProtector>().ProtectIdNumber("110101199003071233"),
        Phone = phone,
        Address = "城关街道幸福路12号",
        Locality = "城关街道",
        ConcernedUnit = "宏达建筑有限公司",
        Category = PetitionCategory.Grievance,
        Field = "两拖欠",
        Request = "要求支付拖欠的三个月工资",
        FactsAndReasons = "8月到10月在工地干活，三个月工资一直没发。",
    };
}
