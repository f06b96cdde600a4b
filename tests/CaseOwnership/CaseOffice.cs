using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Clock;
using PetitionBot.Tests.Office;

namespace PetitionBot.Tests.CaseOwnership;

/// <summary>Leaders, a clerk and repeat petitions with an owning leader, for the 包保 tests.</summary>
internal static class CaseOffice
{
    public sealed record Leader(HttpClient Client, string UserName);

    public static async Task<Leader> SignInLeaderAsync(OfficeApp app)
    {
        var name = await app.CreateUserAsync(OfficeRole.Leader);
        return new Leader(await app.SignInAsync(name), name);
    }

    public static async Task<HttpClient> SignInClerkAsync(OfficeApp app) => await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));

    public static DateOnly Today(OfficeApp app) => ChinaTime.Today(app.Clock);

    public static object Plan(OfficeApp app, string owner) => new
    {
        owner,
        plan = new[]
        {
            new { text = "县领导接谈信访人，当面听取诉求", targetDate = PetitionClock.Format(Today(app).AddDays(7)) },
            new { text = "协调人社局督促宏达建筑公司支付欠薪", targetDate = PetitionClock.Format(Today(app).AddDays(21)) },
        },
    };

    public static Task<HttpResponseMessage> AssignAsync(OfficeApp app, HttpClient clerk, long petitionId, string owner) =>
        clerk.PutAsJsonAsync($"/api/office/cases/{petitionId}", Plan(app, owner));

    /// <summary>A repeat petition whose owning leader a clerk has just assigned through the JSON API.</summary>
    public static async Task<Petition> OwnedCaseAsync(OfficeApp app, HttpClient clerk, string owner)
    {
        var petition = await app.FilePetitionAsync(p => p.IsRepeat = true);
        var response = await AssignAsync(app, clerk, petition.Id, owner);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return petition;
    }

    public static Task<HttpResponseMessage> ProgressAsync(HttpClient client, long petitionId, string text, DateOnly? date = null) =>
        client.PostAsJsonAsync($"/api/office/cases/{petitionId}/progress",
            new { text, date = date is { } d ? PetitionClock.Format(d) : null });

    public static async Task<JsonElement> DetailAsync(HttpClient client, long petitionId)
    {
        var response = await client.GetAsync($"/api/office/cases/{petitionId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public static async Task<IReadOnlyList<string>> StaleTrackingNosAsync(HttpClient client)
    {
        var json = JsonDocument.Parse(await client.GetStringAsync("/api/office/cases?stale=true")).RootElement;
        return json.EnumerateArray().Select(c => c.GetProperty("trackingNo").GetString()!).ToList();
    }

    /// <summary>The dashboard's 包保 card, or "" when it is not shown.</summary>
    public static async Task<string> DashboardStaleCardAsync(HttpClient client)
    {
        var html = await client.GetStringAsync("/office/dashboard");
        var start = html.IndexOf("id=\"stale-cases\"", StringComparison.Ordinal);
        if (start < 0) return "";
        var end = html.IndexOf("</div>", start, StringComparison.Ordinal);
        return html[start..end];
    }
}

/// <summary>The office host with its log lines collected, so a test can read what an operator would see.</summary>
public sealed class CaseApp : OfficeApp
{
    public Support.CollectingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(services, Logs));
    }
}
