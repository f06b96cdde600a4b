using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Tests.Office;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Llm;

/// <summary>「生成草稿」 on the office petition page: a draft to edit, with verified citations only, never stored.</summary>
public partial class ClerkDraftTests : IAsyncLifetime
{
    private FakeChatServer _model = null!;
    private OfficeApp _app = null!;

    public async Task InitializeAsync()
    {
        _model = await FakeChatServer.StartAsync();
        _app = new OfficeApp();
        _model.Configure(_app.Settings);
        var client = _app.CreateClient();
        await TestApp.WaitUntilReadyAsync(client);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _model.DisposeAsync();
    }

    [GeneratedRegex(@"\[1\] (《[^》]+》第[^条\n]+条)")]
    private static partial Regex FirstPassage();

    private static string Draft(string summary, string? field = "两拖欠") =>
        new JsonObject { ["summary"] = summary, ["field"] = field }.ToJsonString();

    private async Task<(string Html, string TrackingNo)> SuggestAsync()
    {
        var petition = await _app.FilePetitionAsync(p => p.Field = "其他");
        var client = await _app.SignInAsync(await _app.CreateUserAsync(OfficeRole.Registrar));
        var response = await OfficeApp.PostActionAsync(client, petition.TrackingNo, "Suggest");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsStringAsync(), petition.TrackingNo);
    }

    [Fact]
    public async Task A_good_draft_is_shown_to_edit_with_its_verified_citation_and_nothing_is_stored()
    {
        _model.Respond = r => FakeChatServer.Reply(Draft($"信访人称2025年在某工地务工，工资至今未付，请求督促支付（{FirstPassage().Match(r.User).Groups[1].Value}）。"));
        var (html, trackingNo) = await SuggestAsync();

        var request = Assert.Single(_model.Requests);
        Assert.Equal("json_object", (string?)request.Json["response_format"]?["type"]);
        Assert.Contains("id=\"suggestion\"", html);
        Assert.Contains("信访人称2025年在某工地务工", html);
        Assert.Contains("id=\"suggestion-field\">两拖欠<", html);
        var cited = FirstPassage().Match(request.User).Groups[1].Value;
        Assert.NotEmpty(cited);
        Assert.Contains($"id=\"suggestion-citations\">{System.Net.WebUtility.HtmlEncode(cited)}<", html.Replace("&#x300A;", "《").Replace("&#x300B;", "》"));

        await _app.InScopeAsync(async sp =>
        {
            var p = await sp.GetRequiredService<PetitionDbContext>().Petitions.SingleAsync(x => x.TrackingNo == trackingNo);
            Assert.Equal("其他", p.Field);
            Assert.Equal("2025年在某工地务工，工资至今未付。", p.FactsAndReasons);
            return 0;
        });
    }

    [Fact]
    public async Task A_draft_citing_an_article_not_retrieved_is_not_shown()
    {
        _model.Respond = _ => FakeChatServer.Reply(Draft("信访人称工资至今未付，依照《信访工作条例》第九十九条应予支付。"));
        var (html, _) = await SuggestAsync();
        Assert.Contains("id=\"suggestion-failed\"", html);
        Assert.DoesNotContain("第九十九条", html);
    }

    [Fact]
    public async Task A_malformed_draft_is_not_shown()
    {
        _model.Respond = _ => FakeChatServer.Reply("信访人称工资至今未付。");
        var (html, _) = await SuggestAsync();
        Assert.Contains("id=\"suggestion-failed\"", html);
    }

    [Fact]
    public async Task The_model_sees_no_id_or_phone_number_of_the_petitioner()
    {
        _model.Respond = _ => FakeChatServer.Reply(Draft("信访人称工资至今未付。"));
        await SuggestAsync();
        var request = Assert.Single(_model.Requests);
        // The fixture's transcript line holds the phone in clear; it goes as a placeholder.
        Assert.DoesNotContain("13812345678", request.Body);
        Assert.DoesNotContain("110101199003074514", request.Body);
        Assert.Contains("[电话已填写]", request.User);
        Assert.DoesNotContain("工资至今未付", request.System);
    }

    private static string WithUnit(JsonNode? unit) =>
        new JsonObject { ["summary"] = "信访人称工资至今未付。", ["field"] = "两拖欠", ["unit"] = unit }.ToJsonString();

    [Fact]
    public async Task A_suggested_unit_from_the_list_is_pre_selected_for_forwarding_but_not_assigned()
    {
        await _app.CreateUnitAsync("区住建局");
        var labour = await _app.CreateUnitAsync("区人社局");
        await _app.CreateUnitAsync("区法院", politicalLegal: true);
        _model.Respond = _ => FakeChatServer.Reply(WithUnit(labour.Id));

        var (html, trackingNo) = await SuggestAsync();

        var request = Assert.Single(_model.Requests);
        Assert.Contains($"{labour.Id}：区人社局", request.User);
        Assert.Contains("id=\"suggestion-unit\">区人社局<", html);
        Assert.Contains($"<option value=\"{labour.Id}\" selected=\"selected\">区人社局（建议）</option>", html);
        Assert.Single(Regex.Matches(html, "selected=\"selected\""));
        Assert.Contains("id=\"suggested-unit\"", html);
        await _app.InScopeAsync(async sp =>
        {
            var p = await sp.GetRequiredService<PetitionDbContext>().Petitions.SingleAsync(x => x.TrackingNo == trackingNo);
            Assert.Null(p.HandlingUnitId);
            Assert.Equal(PetitionBot.Bot.Petitions.PetitionStatus.Registered, p.Status);
            return 0;
        });
    }

    public static TheoryData<string> NotOnTheList => new() { "999999", "\"区信访局\"", "\"区人社局、区住建局\"", "[1]" };

    [Theory]
    [MemberData(nameof(NotOnTheList))]
    public async Task A_unit_not_on_the_bureaus_list_is_no_suggestion_and_the_rest_of_the_draft_stays(string unit)
    {
        await _app.CreateUnitAsync("区住建局");
        await _app.CreateUnitAsync("区人社局");
        _model.Respond = _ => FakeChatServer.Reply(WithUnit(JsonNode.Parse(unit)));

        var (html, _) = await SuggestAsync();

        Assert.Contains("信访人称工资至今未付。", html);
        Assert.Contains("id=\"suggestion-unit\">—<", html);
        Assert.DoesNotContain("selected=\"selected\"", html);
        Assert.DoesNotContain("id=\"suggested-unit\"", html);
    }

    [Fact]
    public async Task Without_a_model_there_is_no_draft_button()
    {
        await using var app = new OfficeApp();
        var petition = await app.FilePetitionAsync();
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        Assert.DoesNotContain("生成草稿", await client.GetStringAsync($"/office/petitions/{petition.TrackingNo}"));
    }
}
