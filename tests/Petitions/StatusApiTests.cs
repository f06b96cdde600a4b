using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Petitions.Status;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Petitions;

/// <summary>GET /api/petitions/{trackingNo}?phone=LAST4.</summary>
public class StatusApiTests
{
    [Fact]
    public Task Number_and_last_four_phone_digits_show_the_status_with_personal_data_masked_on_sqlite() => StatusShown(Db.Sqlite);

    [PostgresFact]
    public Task Number_and_last_four_phone_digits_show_the_status_with_personal_data_masked_on_postgres() => StatusShown(Db.Postgres);

    [Theory]
    [InlineData("XF20261125-0001", "1234")]
    [InlineData("XF20261125-0002", "8000")]
    public async Task A_wrong_pair_is_not_found(string trackingNo, string phone)
    {
        await using var host = BotHost.Start();
        await SubmissionTests.SubmitAsync(host, SubmissionTests.NewPetition(host, "form:1"));

        var response = await host.Client.GetAsync($"/api/petitions/{trackingNo}?phone={phone}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?phone=80")]
    [InlineData("?phone=13800138000")]
    public async Task Anything_but_four_phone_digits_is_a_validation_problem(string query)
    {
        await using var host = BotHost.Start();

        var response = await host.Client.GetAsync("/api/petitions/XF20261125-0001" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Guessing_phone_digits_is_slowed_down()
    {
        await using var host = BotHost.Start(options: new BotHostOptions
        {
            Settings = new Dictionary<string, string?> { ["Petitions:StatusLookupsPerMinute"] = "3" },
        });
        await SubmissionTests.SubmitAsync(host, SubmissionTests.NewPetition(host, "form:1"));
        for (var i = 0; i < 3; i++) await host.Client.GetAsync($"/api/petitions/XF20261125-0001?phone={1000 + i}");

        var response = await host.Client.GetAsync("/api/petitions/XF20261125-0001?phone=8000");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task A_number_that_many_people_guess_at_is_locked_for_an_hour()
    {
        await using var host = BotHost.Start(options: new BotHostOptions
        {
            Settings = new Dictionary<string, string?> { ["Petitions:StatusLookupsPerMinute"] = "1000" },
        });
        await SubmissionTests.SubmitAsync(host, SubmissionTests.NewPetition(host, "form:1"));
        for (var i = 0; i < 10; i++) await host.Client.GetAsync($"/api/petitions/XF20261125-0001?phone={1000 + i}");

        var locked = await host.Client.GetAsync("/api/petitions/XF20261125-0001?phone=8000");
        host.Time.Advance(TimeSpan.FromMinutes(61));
        var later = await host.Client.GetAsync("/api/petitions/XF20261125-0001?phone=8000");

        Assert.Equal(HttpStatusCode.NotFound, locked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public Task A_lock_holds_after_a_flood_of_other_numbers_and_on_another_instance_on_sqlite() => LockHolds(Db.Sqlite);

    [PostgresFact]
    public Task A_lock_holds_after_a_flood_of_other_numbers_and_on_another_instance_on_postgres() => LockHolds(Db.Postgres);

    private static async Task LockHolds(Db db)
    {
        await using var host = BotHost.Start(db, options: new BotHostOptions
        {
            Settings = new Dictionary<string, string?> { ["Petitions:StatusLookupsPerMinute"] = "10000" },
        });
        await SubmissionTests.SubmitAsync(host, SubmissionTests.NewPetition(host, "form:1"));
        for (var i = 0; i < 10; i++) await host.Client.GetAsync($"/api/petitions/XF20261125-0001?phone={1000 + i}");

        // The old guard forgot every lock past 100,000 numbers; invented numbers now leave no trace at all.
        await host.WithScopeAsync(async sp =>
        {
            var lookup = sp.GetRequiredService<PetitionLookup>();
            for (var i = 0; i < 3000; i++) await lookup.FindAsync($"XF20261125-{i + 2:D4}", "0000");
            return 0;
        });
        var stillLocked = await host.Client.GetAsync("/api/petitions/XF20261125-0001?phone=8000");
        await using var other = host.SecondInstance();
        var lockedThere = await other.Client.GetAsync("/api/petitions/XF20261125-0001?phone=8000");
        var byChat = await other.SayAsync("web-lock-chat-user", "查询 XF20261125-0001 8000");
        await host.WithDbAsync(async db => Assert.Equal(1, await db.Set<StatusLookupFailure>().CountAsync()));

        Assert.Equal(HttpStatusCode.NotFound, stillLocked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, lockedThere.StatusCode);
        Assert.DoesNotContain("已登记", byChat.AllText);
    }

    [Fact]
    public async Task Chat_from_one_address_is_limited_whatever_the_user_ids()
    {
        await using var host = BotHost.Start(options: new BotHostOptions
        {
            Settings = new Dictionary<string, string?> { ["Conversation:ChatMessagesPerAddressPerMinute"] = "5" },
        });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            var response = await host.Client.PostAsJsonAsync("/api/chat", new { user = $"web-flood-{i:D4}", text = "查询 XF20261125-0001 1234" });
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(5), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[5]);
    }

    private static async Task StatusShown(Db db)
    {
        await using var host = BotHost.Start(db);
        await SubmissionTests.SubmitAsync(host, SubmissionTests.NewPetition(host, "form:1"));

        var response = await host.Client.GetAsync("/api/petitions/xf20261125-0001?phone=8000");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("XF20261125-0001", root.GetProperty("trackingNo").GetString());
        Assert.Equal("Registered", root.GetProperty("status").GetString());
        Assert.Equal("已登记，等待受理", root.GetProperty("statusText").GetString());
        Assert.Equal("2026年12月10日", root.GetProperty("acceptanceNoticeBy").GetString());
        Assert.Equal("138****8000", root.GetProperty("phone").GetString());
        Assert.Equal("1101**********1233", root.GetProperty("idNumber").GetString());
        Assert.Equal("张*", root.GetProperty("petitioner").GetString());
        Assert.DoesNotContain("13800138000", body);
        Assert.DoesNotContain("110101199003071233", body);
        Assert.DoesNotContain("幸福路", body);
    }
}
