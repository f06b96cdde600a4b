using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Audit;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Petitions;

namespace PetitionBot.Tests.Office;

public class OfficeExportTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    [Fact]
    public async Task The_filtered_queue_exports_to_Excel_with_masked_phones_and_the_export_is_audited()
    {
        var wages = await app.FilePetitionAsync(p => { p.Field = "两拖欠"; p.PetitionerName = "导出甲"; });
        await app.FilePetitionAsync(p => { p.Field = "生态环境"; p.PetitionerName = "导出乙"; });
        var user = await app.CreateUserAsync(OfficeRole.Registrar);
        var client = await app.SignInAsync(user);

        var response = await client.GetAsync($"/api/office/export.xlsx?field={Uri.EscapeDataString("两拖欠")}&q={Uri.EscapeDataString("导出")}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        var row = Assert.Single(rows);
        Assert.Equal(wages.TrackingNo, row["信访事项编号"]);
        Assert.Equal("导出甲", row["信访人"]);
        Assert.Equal("138****5678", row["联系电话"]);
        Assert.Equal("两拖欠", row["领域"]);
        Assert.Equal("已登记，等待受理", row["状态"]);

        var audited = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<AuditEntry>()
            .AnyAsync(a => a.Actor == user && a.Action == "导出Excel"));
        Assert.True(audited);
    }

    [Fact]
    public async Task The_printable_registration_form_has_the_article_19_fields_with_masked_personal_data()
    {
        var p = await app.FilePetitionAsync();
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        var html = await client.GetStringAsync($"/office/petitions/{p.TrackingNo}/print");
        Assert.Contains("信访事项登记表", html);
        Assert.Contains("事实和理由", html);
        Assert.Contains(p.Request, html);
        Assert.Contains("1101**********4514", html);
        Assert.DoesNotContain("13812345678", html);
    }
}

/// <summary>Its own database, so the indicators can be checked exactly.</summary>
public class OfficeDashboardTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    [Fact]
    public async Task The_dashboard_shows_repeat_share_one_time_resolution_and_ratings_as_charts()
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var first = await app.FilePetitionAsync(p => { p.RepliedUtc = now; p.Status = PetitionStatus.Concluded; p.Rating = PetitionRating.Satisfied; p.RatedUtc = now; });
        await app.FilePetitionAsync(p => { p.IsRepeat = true; p.RaisedBefore = true; p.RepeatOfPetitionId = first.Id; p.EarlierTrackingNo = first.TrackingNo; });
        await app.FilePetitionAsync(p => { p.Field = "城乡建设"; p.RepliedUtc = now; p.Status = PetitionStatus.Replied; p.Rating = PetitionRating.MostlySatisfied; p.RatedUtc = now; });
        await app.FilePetitionAsync(p => { p.Field = "城乡建设"; p.RepliedUtc = now; p.Status = PetitionStatus.Replied; });
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Leader));

        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/office/dashboard?period=all"));
        var d = json.RootElement;
        Assert.Equal(4, d.GetProperty("total").GetInt32());
        Assert.Equal((1, 4), Rate(d, "repeatShare"));
        // First petitions answered: 3; the first one was petitioned again, so 2 were resolved at once.
        Assert.Equal((2, 3), Rate(d, "firstResolvedAtOnce"));
        Assert.Equal(1, d.GetProperty("firstToRepeat").GetInt32());
        Assert.Equal((2, 2), Rate(d, "satisfaction"));
        Assert.Equal((2, 3), Rate(d, "participation"));

        var html = await client.GetStringAsync("/office/dashboard?period=all");
        Assert.Contains("<svg", html);
        Assert.Contains("重复信访占比", html);
        Assert.Contains("25.0%", html);
        Assert.Contains("初信初访一次性化解率", html);
        Assert.Contains("66.7%", html);
    }

    private static (int, int) Rate(JsonElement d, string name) =>
        (d.GetProperty(name).GetProperty("part").GetInt32(), d.GetProperty(name).GetProperty("whole").GetInt32());
}
