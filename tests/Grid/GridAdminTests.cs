using System.Net;
using System.Text.RegularExpressions;
using PetitionBot.Tests.Office;

namespace PetitionBot.Tests.Grid;

/// <summary>The administrator creates a grid in a unit and binds a grid worker to it.</summary>
public sealed class GridAdminTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(url.Split('?')[0]);
        fields["__RequestVerificationToken"] = OfficeApp.Token(page);
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task The_administrator_creates_a_grid_and_a_worker_in_it_who_then_signs_in_to_the_ledger()
    {
        var unit = await app.CreateUnitAsync("柳林镇人民政府");
        var admin = await app.SignInAsync(OfficeApp.AdminUser, OfficeApp.AdminPassword);

        var created = await PostAsync(admin, "/office/admin/grids?handler=Save",
            new() { ["name"] = "柳林村网格", ["code"] = "LL-01", ["unitId"] = unit.Id.ToString() });
        var grids = await admin.GetStringAsync("/office/admin/grids");
        var gridId = Regex.Match(grids, "<option value=\"(\\d+)\">柳林村网格</option>");
        var gridInUsers = Regex.Match(await admin.GetStringAsync("/office/admin/users"), "<option value=\"(\\d+)\">柳林村网格</option>");
        var user = await PostAsync(admin, "/office/admin/users?handler=Create", new()
        {
            ["userName"] = "liulin1", ["displayName"] = "赵网格", ["role"] = "GridWorker", ["unitId"] = "",
            ["gridId"] = gridInUsers.Groups[1].Value, ["password"] = OfficeApp.Password,
        });
        var worker = await app.SignInAsync("liulin1");

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains("柳林镇人民政府", grids);
        Assert.False(gridId.Success, "the grid list is made of inputs, not options");
        Assert.True(gridInUsers.Success, "the users page offers the new grid");
        Assert.Equal(HttpStatusCode.Redirect, user.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await worker.GetAsync("/office/grid")).StatusCode);
    }

    [Fact]
    public async Task A_grid_without_a_unit_is_refused_with_a_reason()
    {
        var admin = await app.SignInAsync(OfficeApp.AdminUser, OfficeApp.AdminPassword);

        var response = await PostAsync(admin, "/office/admin/grids?handler=Save", new() { ["name"] = "无主网格", ["code"] = "X-01", ["unitId"] = "" });

        Assert.Contains("请选择网格所属的单位。", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_grid_worker_created_without_a_grid_is_refused_with_a_reason()
    {
        var admin = await app.SignInAsync(OfficeApp.AdminUser, OfficeApp.AdminPassword);

        var response = await PostAsync(admin, "/office/admin/users?handler=Create", new()
        {
            ["userName"] = "nogrid1", ["displayName"] = "钱网格", ["role"] = "GridWorker", ["unitId"] = "", ["gridId"] = "",
            ["password"] = OfficeApp.Password,
        });

        Assert.Contains("网格员账户必须选择所在网格。", await response.Content.ReadAsStringAsync());
    }
}
