using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using PetitionBot.Tests.Office;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Grid;

/// <summary>The office with the test statutes loaded, for the grid workers' look-ups.</summary>
public sealed class GridLookupApp : OfficeApp
{
    public GridLookupApp()
    {
        Settings["Knowledge:CorpusPaths:0"] = Path.Combine(AppContext.BaseDirectory, "Fixtures", "corpus");
    }
}

/// <summary>法规查询 for grid workers: the chat's answer, the exact article in full, and related articles.</summary>
public sealed class GridLookupTests(GridLookupApp app) : IClassFixture<GridLookupApp>
{
    [Fact]
    public async Task An_article_asked_for_by_number_is_answered_and_opened_in_full_with_related_articles()
    {
        var worker = await GridOffice.SignInWorkerAsync(app);
        var q = Uri.EscapeDataString("示例街道议事规则第十条");
        // The index with the test statutes is built at the first start: wait for it as a load balancer would.
        await TestApp.WaitUntilReadyAsync(worker.Client);

        var results = await worker.Client.GetStringAsync($"/office/grid/lookup?q={q}");
        var article = await worker.Client.GetStringAsync($"/office/grid/lookup?q={q}&open=0");

        Assert.Contains("id=\"answer\"", results);
        Assert.Contains("居委会收到意见后，应当在十五日内答复提出人。", results);
        Assert.Contains("id=\"article\"", article);
        Assert.Contains("第十条", article);
        Assert.Contains("居委会收到意见后，应当在十五日内答复提出人。", article);
        Assert.Contains("相关条文", article);
        Assert.DoesNotContain("我要反映问题", article);
    }

    [Fact]
    public void A_confirmation_code_lifetime_outside_the_rule_stops_the_start()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Knowledge:IndexPath", PetitionBot.Tests.Support.SharedIndex.Folder);
            b.UseSetting("Grid:CodeValidHours", "0");
        });

        var ex = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Grid:CodeValidHours must be between 1 and 720", (ex as OptionsValidationException ?? ex.InnerException as OptionsValidationException ?? throw ex).Message);
    }
}
