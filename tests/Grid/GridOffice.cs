using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Grid;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Tests.Office;

namespace PetitionBot.Tests.Grid;

/// <summary>A grid in a unit with a signed-in grid worker, and the ledger's JSON, for the grid tests.</summary>
internal static class GridOffice
{
    private static int _sequence;

    public sealed record Worker(HttpClient Client, string UserName, long GridId);

    public static async Task<long> CreateGridAsync(OfficeApp app, string unitName = "城关街道办事处")
    {
        var n = Interlocked.Increment(ref _sequence);
        var unit = await app.CreateUnitAsync($"{unitName}{n}");
        return await app.InScopeAsync(async sp =>
        {
            var (error, id) = await sp.GetRequiredService<GridAreas>().SaveAsync(OfficeActor.System, null, $"幸福社区第{n}网格", $"G{n}-{Guid.NewGuid():N}"[..12], unit.Id, true, CancellationToken.None);
            Assert.Null(error);
            return id!.Value;
        });
    }

    public static async Task<Worker> SignInWorkerAsync(OfficeApp app, long? gridId = null)
    {
        var grid = gridId ?? await CreateGridAsync(app);
        app.EnsureStarted();
        var name = "grid" + Interlocked.Increment(ref _sequence) + Guid.NewGuid().ToString("N")[..4];
        await app.InScopeAsync(async sp =>
        {
            Assert.Null(await sp.GetRequiredService<OfficeAccounts>().CreateUserAsync(OfficeActor.System, name, "刘芳" + _sequence,
                OfficeRole.GridWorker, null, OfficeApp.Password, CancellationToken.None, grid));
            return 0;
        });
        return new Worker(await app.SignInAsync(name), name, grid);
    }

    /// <summary>A valid 18-digit ID number of its own for each call, so that one test's petition is no repeat of another's.</summary>
    public static string NewIdNumber()
    {
        var body = "11010119900307" + (Interlocked.Increment(ref _sequence) % 1000).ToString("D3");
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = body.Select((c, i) => (c - '0') * weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }

    public static object Dispute(string parties = "王某某与李某某", string? next = "2026-03-04") => new
    {
        parties, place = "幸福路12号楼", kind = "邻里纠纷", risk = "Major", summary = "楼上漏水，双方为维修费用争执，多次发生口角。",
        actions = "上门了解情况，稳定双方情绪", nextFollowUp = next,
    };

    public static async Task<long> RecordAsync(HttpClient worker, object? dispute = null)
    {
        var response = await worker.PostAsJsonAsync("/api/office/grid/disputes", dispute ?? Dispute());
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetInt64();
    }
}
