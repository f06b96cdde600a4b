using System.Net;
using System.Text.Json;
using PetitionBot.Tests.Conversation.Support;

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
