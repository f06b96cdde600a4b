using PetitionBot.Bot.Office.Auth;

namespace PetitionBot.Tests.Office;

/// <summary>A new office is told what to set up on its home page, step by step, until it is done.</summary>
public sealed class FirstRunChecklistTests : IAsyncLifetime
{
    private readonly OfficeApp app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task The_office_home_lists_units_the_political_legal_organ_and_clerks_until_each_exists()
    {
        var admin = await app.SignInAsync(OfficeApp.AdminUser, OfficeApp.AdminPassword);

        var fresh = await admin.GetStringAsync("/office");
        Assert.Contains("开始使用前的设置（完成 0/3）", fresh);
        Assert.Contains("<a href=\"/office/admin/units\">建立办理单位</a>", fresh);
        Assert.Contains("建立政法机关单位（涉法涉诉）", fresh);
        Assert.Contains("<a href=\"/office/admin/users\">为登记员建立账户</a>", fresh);

        await app.CreateUnitAsync("区人力资源和社会保障局");
        var oneDone = await admin.GetStringAsync("/office");
        Assert.Contains("开始使用前的设置（完成 1/3）", oneDone);
        Assert.Contains("<li id=\"setup-units\" class=\"done\">", oneDone);
        Assert.Contains("<li id=\"setup-political-legal\" class=\"todo\">", oneDone);

        await app.CreateUnitAsync("区委政法委", politicalLegal: true);
        var clerk = await app.CreateUserAsync(OfficeRole.Registrar);
        Assert.DoesNotContain("开始使用前的设置", await admin.GetStringAsync("/office"));
        Assert.DoesNotContain("开始使用前的设置", await (await app.SignInAsync(clerk)).GetStringAsync("/office"));
    }

    [Fact]
    public async Task A_clerk_sees_what_is_missing_and_is_sent_to_the_administrator()
    {
        var clerk = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));

        var home = await clerk.GetStringAsync("/office");

        Assert.Contains("请联系系统管理员", home);
        Assert.DoesNotContain("href=\"/office/admin/units\"", home);
    }
}
