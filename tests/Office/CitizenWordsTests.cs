using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Workflow;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.PersonalData;

namespace PetitionBot.Tests.Office;

/// <summary>
/// What the citizen said reaches the office as said: their words as typed, their rating reason beside the clerk's 回访
/// note, their answer on the 登记表. One bot per test, since every test files as the same citizen.
/// </summary>
public sealed class CitizenWordsTests : IAsyncLifetime
{
    private static readonly OfficeActor Registrar = new(9201, "reg-c", "登记员丙", OfficeRole.Registrar, null);
    private static readonly OfficeActor Supervisor = new(9202, "sup-c", "督办丙", OfficeRole.Supervisor, null);
    private readonly OfficeApp app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    private Task<WorkflowResult> Do(Func<PetitionWorkflow, Task<WorkflowResult>> step) =>
        app.InScopeAsync(sp => step(sp.GetRequiredService<PetitionWorkflow>()));

    private async Task<string> SayAsync(string user, string text)
    {
        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/chat", new { user, text });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return string.Join("\n", json.RootElement.GetProperty("replies").EnumerateArray().Select(r => r.GetProperty("text").GetString()));
    }

    private async Task ReplyAsync(Petition p)
    {
        Assert.True((await Do(w => w.AcceptAsync(p.TrackingNo, Registrar, null, default))).Ok);
        Assert.True((await Do(w => w.DraftOpinionAsync(p.TrackingNo, Registrar, null, OpinionOutcome.Support, "责令限期修复电梯", "《特种设备安全法》", default))).Ok);
        var opinionId = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<HandlingOpinion>()
            .Where(o => o.PetitionId == p.Id).Select(o => o.Id).SingleAsync());
        Assert.True((await Do(w => w.ReviewOpinionAsync(p.TrackingNo, Supervisor, null, opinionId, true, null, default))).Ok);
        Assert.True((await Do(w => w.ReplyAsync(p.TrackingNo, Registrar, null, default))).Ok);
    }

    [Fact]
    public async Task The_citizens_dissatisfied_reason_survives_the_clerks_follow_up_and_both_are_shown()
    {
        var user = "web-" + Guid.NewGuid().ToString("N");
        var p = await app.FileThroughChatAsync(user);
        await ReplyAsync(p);

        var asked = await SayAsync(user, "评价");
        if (asked.Contains("编号")) asked = await SayAsync(user, p.TrackingNo);
        if (asked.Contains("后4位")) asked = await SayAsync(user, "8000");
        Assert.Contains("不满意", asked);
        Assert.Contains("原因", await SayAsync(user, "不满意"));
        const string reason = "说好月底修好，到现在电梯还是不能用，老人上下楼很困难。";
        await SayAsync(user, reason);
        Assert.True((await Do(w => w.RecordFollowUpAsync(p.TrackingNo, Registrar, null, "已电话回访，物业称配件下周到货", PetitionRating.Dissatisfied, default))).Ok);

        var stored = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Petitions.AsNoTracking().SingleAsync(x => x.Id == p.Id));
        Assert.Equal(reason, stored.RatingReason);
        Assert.Equal("已电话回访，物业称配件下周到货", stored.FollowUpNote);
        var client = await app.SignInAsync(OfficeApp.AdminUser, OfficeApp.AdminPassword);
        var page = await client.GetStringAsync($"/office/petitions/{p.TrackingNo}");
        Assert.Contains(reason, page);
        Assert.Contains("已电话回访，物业称配件下周到货", page);
    }

    [Fact]
    public async Task Request_and_facts_keep_full_width_punctuation_and_the_final_full_stop_on_the_form()
    {
        const string request = "要求宏达建筑有限公司支付拖欠的三个月工资，共计2.4万元。";
        const string facts = "我从去年6月起在宏达建筑有限公司工地做钢筋工，8月到10月的工资一直没发；多次找项目部，都说“再等等”。";
        var p = await app.FileThroughChatAsync("web-" + Guid.NewGuid().ToString("N"), request, facts);

        Assert.Equal(request, p.Request);
        Assert.Equal(facts, p.FactsAndReasons);
        var client = await app.SignInAsync(OfficeApp.AdminUser, OfficeApp.AdminPassword);
        var print = await client.GetStringAsync($"/office/petitions/{p.TrackingNo}/print");
        Assert.Contains(request, print);
        Assert.Contains("都说“再等等”。", System.Net.WebUtility.HtmlDecode(print));
    }

    [Fact]
    public async Task The_registration_form_shows_the_citizens_repeat_answer_the_bot_as_registrar_and_the_channel_in_chinese()
    {
        var p = await app.FileThroughChatAsync("web-" + Guid.NewGuid().ToString("N"), raisedBefore: true);
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        await client.GetStringAsync($"/office/petitions/{p.TrackingNo}"); // a clerk opens it first

        var print = await client.GetStringAsync($"/office/petitions/{p.TrackingNo}/print");

        Assert.Contains("<td id=\"repeat\">是（信访人称以前反映过）</td>", print);
        Assert.Contains("登记人：信访助手（系统自动登记）", print);
        Assert.Contains("网上信访（网页）", print);
        Assert.DoesNotContain("（web）", print);
    }

    [Fact]
    public async Task The_transcript_keeps_no_run_of_seven_or_more_digits_valid_or_not()
    {
        var user = "web-" + Guid.NewGuid().ToString("N");
        using (var client = app.CreateClient())
            (await client.PostAsJsonAsync("/api/chat", new { user, text = "我的电话是1381234567，单位座机88881234" })).EnsureSuccessStatusCode();
        var p = await app.FileThroughChatAsync(user);

        var lines = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Petitions.AsNoTracking()
            .Where(x => x.Id == p.Id).SelectMany(x => x.Transcript).Select(l => l.Text).ToListAsync());
        var all = string.Join("\n", lines);
        Assert.Contains("我的电话是", all);
        Assert.DoesNotMatch(@"\d{7,}", System.Text.RegularExpressions.Regex.Replace(all, @"XF\d{8}-\d{4}", ""));
        Assert.Contains("******4567", all);
        Assert.Contains("****1234", all);
    }
}

public class MaskingTests
{
    [Theory]
    [InlineData("电话13812345678", "电话138****5678")]
    [InlineData("电话1381234567", "电话******4567")]
    [InlineData("座机0571-88881234", "座机0571-****1234")]
    [InlineData("身份证110101199003071233", "身份证1101**********1233")]
    [InlineData("编号XF20261125-0001", "编号XF20261125-0001")]
    [InlineData("欠了5万元，123456这6位不算", "欠了5万元，123456这6位不算")]
    public void Free_text_masks_id_numbers_phones_and_any_run_of_seven_or_more_digits(string text, string expected) =>
        Assert.Equal(expected, Masking.MaskText(text));
}
