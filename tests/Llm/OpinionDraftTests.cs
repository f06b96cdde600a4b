using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Workflow;
using PetitionBot.Bot.Petitions;
using PetitionBot.Tests.Office;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Llm;

/// <summary>
/// 「起草处理意见书」 in the opinion form of the petition page: a checked draft fills the boxes and nothing more; any doubt
/// about it leaves the boxes empty with a reason, and the clerk writes and submits as always.
/// </summary>
public partial class OpinionDraftTests : IAsyncLifetime
{
    private FakeChatServer _model = null!;
    private OfficeApp _app = null!;

    public async Task InitializeAsync()
    {
        _model = await FakeChatServer.StartAsync();
        _app = new OfficeApp();
        _model.Configure(_app.Settings);
        await TestApp.WaitUntilReadyAsync(_app.CreateClient());
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _model.DisposeAsync();
    }

    [GeneratedRegex(@"\[1\] (《[^》]+》第[^条\n]+条)")]
    private static partial Regex FirstPassage();

    [GeneratedRegex(@"<textarea name=""(?<name>text|legalBasis)"" id=""opinion-(?:text|basis)""[^>]*>(?<value>[^<]*)</textarea>")]
    private static partial Regex OpinionBox();

    private static string Opinion(string findings, string opinion) =>
        new JsonObject { ["findings"] = findings, ["opinion"] = opinion }.ToJsonString();

    private static string Box(string html, string name) =>
        WebUtility.HtmlDecode(OpinionBox().Matches(html).Single(m => m.Groups["name"].Value == name).Groups["value"].Value);

    /// <summary>A petition being handled and a clerk who may write its opinion.</summary>
    private async Task<(HttpClient Clerk, string TrackingNo)> HandlingAsync()
    {
        var petition = await _app.FilePetitionAsync(p => p.Status = PetitionStatus.InProgress);
        return (await _app.SignInAsync(await _app.CreateUserAsync(OfficeRole.Registrar)), petition.TrackingNo);
    }

    private static async Task<string> SuggestAsync(HttpClient clerk, string trackingNo, string outcome = "Support")
    {
        var response = await OfficeApp.PostActionAsync(clerk, trackingNo, "SuggestOpinion", new() { ["outcome"] = outcome });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private Task<List<HandlingOpinion>> OpinionsAsync(string trackingNo) => _app.InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<PetitionDbContext>();
        var id = await db.Petitions.Where(p => p.TrackingNo == trackingNo).Select(p => p.Id).SingleAsync();
        return await db.Set<HandlingOpinion>().Where(o => o.PetitionId == id).ToListAsync();
    });

    /// <summary>The clerk writes the opinion as without a model and submits it for review: it is stored as written.</summary>
    private async Task AssertTheClerkCanStillWriteAndSubmitAsync(HttpClient clerk, string trackingNo, string text = "经查，情况属实，已督促支付。")
    {
        var response = await OfficeApp.PostActionAsync(clerk, trackingNo, "Draft", new()
        {
            ["outcome"] = "Support", ["text"] = text, ["legalBasis"] = "《信访工作条例》第三十二条第一款第一项",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = Assert.Single(await OpinionsAsync(trackingNo));
        Assert.Equal(text, stored.Text);
        Assert.Equal(OpinionState.PendingReview, stored.State);
    }

    [Fact]
    public async Task A_good_draft_fills_the_form_with_its_verified_citation_and_the_fixed_elements_and_nothing_is_saved_until_submitted()
    {
        _model.Respond = r => FakeChatServer.Reply(Opinion("信访人2025年在某工地务工，工资至今未付。",
            $"依照{FirstPassage().Match(r.User).Groups[1].Value}，用人单位应当支付劳动报酬，已督促某建筑公司尽快支付。"));
        var (clerk, trackingNo) = await HandlingAsync();

        var html = await SuggestAsync(clerk, trackingNo);

        var request = Assert.Single(_model.Requests);
        var cited = FirstPassage().Match(request.User).Groups[1].Value;
        Assert.NotEmpty(cited);
        Assert.Equal("json_object", (string?)request.Json["response_format"]?["type"]);
        var text = Box(html, "text");
        Assert.StartsWith("经查，信访人2025年在某工地务工，工资至今未付。", text);
        Assert.Contains("您的请求事实清楚，符合有关规定，予以支持。依照" + cited, text);
        Assert.Equal("《信访工作条例》第三十二条第一款第一项；" + cited, Box(html, "legalBasis"));
        Assert.Contains("id=\"opinion-draft-note\"", html);
        Assert.Contains("请求复查（《信访工作条例》第三十五条）", WebUtility.HtmlDecode(html));
        Assert.Empty(await OpinionsAsync(trackingNo));

        await AssertTheClerkCanStillWriteAndSubmitAsync(clerk, trackingNo, text);
    }

    [Fact]
    public async Task The_draft_is_for_the_outcome_the_clerk_chose()
    {
        _model.Respond = r => FakeChatServer.Reply(Opinion("信访人反映工资未付。", $"依照{FirstPassage().Match(r.User).Groups[1].Value}，您可以依法主张。"));
        var (clerk, trackingNo) = await HandlingAsync();

        var html = await SuggestAsync(clerk, trackingNo, "Explain");

        Assert.Contains("<处理结论>解释说明", Assert.Single(_model.Requests).User);
        Assert.Contains("现解释说明如下：", Box(html, "text"));
        Assert.StartsWith("《信访工作条例》第三十二条第一款第二项", Box(html, "legalBasis"));
        Assert.Matches("value=\"Explain\" checked=\"checked\"", html);
    }

    /// <summary>What the model writes as the opinion, and the reason the clerk is shown.</summary>
    public static TheoryData<string, string> Unusable => new()
    {
        { "依照《信访工作条例》第九十九条，应予支持。", "引用了本事项检索结果以外的条文" },
        { "NOT-RETRIEVED", "引用了本事项检索结果以外的条文" },
        { "{0}规定应当支付，如有疑问请拨打13900001111咨询。", "有电话号码或身份证号" },
        { "{0}规定应当支付，详情请登录www.wage-help.cn查询。", "有本局资料以外的电话号码或网址" },
        { "依照{0}，某建筑公司应于17日内支付。", "有所引条文和本事项材料里都没有的数字或期限" },
    };

    [Theory]
    [MemberData(nameof(Unusable))]
    public async Task A_draft_failing_the_checks_fills_nothing_and_the_clerk_writes_as_before(string opinion, string why)
    {
        _model.Respond = r =>
        {
            var cited = FirstPassage().Match(r.User).Groups[1].Value;
            var text = opinion == "NOT-RETRIEVED" ? $"依照《信访工作条例》{NotRetrievedArticle(r.User)}，应予支持。" : opinion.Replace("{0}", cited);
            return FakeChatServer.Reply(Opinion("信访人反映工资未付。", text));
        };
        var (clerk, trackingNo) = await HandlingAsync();

        var html = await SuggestAsync(clerk, trackingNo);

        Assert.Single(_model.Requests);
        Assert.Contains("id=\"opinion-draft-failed\"", html);
        Assert.Contains(why, html);
        Assert.Equal("", Box(html, "text"));
        Assert.Equal("", Box(html, "legalBasis"));
        Assert.DoesNotContain("13900001111", html);
        Assert.DoesNotContain("第九十九条", WebUtility.HtmlDecode(html));
        await AssertTheClerkCanStillWriteAndSubmitAsync(clerk, trackingNo);
    }

    /// <summary>An article of the regulation that exists but that retrieval did not give the model for this petition.</summary>
    private static string NotRetrievedArticle(string user)
    {
        string[] numbers = ["第四条", "第七条", "第十条", "第十二条", "第二十条", "第二十六条", "第四十条", "第四十五条", "第五十条"];
        return numbers.First(n => !user.Contains("《信访工作条例》" + n, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_error_gives_no_draft_and_the_clerk_writes_as_before()
    {
        _model.Respond = _ => FakeChatServer.Error(500);
        var (clerk, trackingNo) = await HandlingAsync();

        var html = await SuggestAsync(clerk, trackingNo);

        Assert.Contains("id=\"opinion-draft-failed\"", html);
        Assert.Equal("", Box(html, "text"));
        await AssertTheClerkCanStillWriteAndSubmitAsync(clerk, trackingNo);
    }

    [Fact]
    public async Task What_the_clerk_had_typed_stays_in_the_boxes_when_no_draft_comes()
    {
        _model.Respond = _ => FakeChatServer.Error(500);
        var (clerk, trackingNo) = await HandlingAsync();

        var response = await OfficeApp.PostActionAsync(clerk, trackingNo, "SuggestOpinion", new()
        {
            ["outcome"] = "Reject", ["text"] = "经查，所反映情况与事实不符。", ["legalBasis"] = "《信访工作条例》第三十二条第一款第三项",
        });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("id=\"opinion-draft-failed\"", html);
        Assert.Equal("经查，所反映情况与事实不符。", Box(html, "text"));
        Assert.Equal("《信访工作条例》第三十二条第一款第三项", Box(html, "legalBasis"));
        Assert.Matches("value=\"Reject\" checked=\"checked\"", html);
    }

    [Fact]
    public async Task A_model_that_never_answers_gives_no_draft_after_the_timeout_and_the_clerk_writes_as_before()
    {
        _model.Respond = _ => FakeChatServer.Hang();
        var (clerk, trackingNo) = await HandlingAsync();

        var pending = SuggestAsync(clerk, trackingNo);
        // The bot's clock is the test's: once the request is with the model, Llm:Timeout passes on it.
        while (_model.Requests.IsEmpty && !pending.IsCompleted) await Task.Delay(20);
        _app.Clock.Advance(TimeSpan.FromSeconds(4));
        var html = await pending;

        Assert.Contains("id=\"opinion-draft-failed\"", html);
        Assert.Contains("没有及时回复", html);
        await AssertTheClerkCanStillWriteAndSubmitAsync(clerk, trackingNo);
    }

    [Fact]
    public async Task The_model_sees_no_id_or_phone_number_of_the_petitioner()
    {
        _model.Respond = _ => FakeChatServer.Error(500);
        var petition = await _app.FilePetitionAsync(p =>
        {
            p.Status = PetitionStatus.InProgress;
            p.FactsAndReasons = "2025年在某工地务工，工资至今未付。我的电话13812345678，身份证110101199003074514。";
        });
        var clerk = await _app.SignInAsync(await _app.CreateUserAsync(OfficeRole.Registrar));

        await SuggestAsync(clerk, petition.TrackingNo);

        var request = Assert.Single(_model.Requests);
        Assert.DoesNotContain("13812345678", request.Body);
        Assert.DoesNotContain("110101199003074514", request.Body);
        Assert.DoesNotContain("张三", request.Body);
        Assert.DoesNotContain("工资至今未付", request.System);
    }

    [Fact]
    public async Task The_dashboard_counts_the_drafts_calls_and_tokens()
    {
        _model.Respond = r => FakeChatServer.Reply(Opinion("信访人反映工资未付。", $"依照{FirstPassage().Match(r.User).Groups[1].Value}，应予支付。"));
        var (clerk, trackingNo) = await HandlingAsync();
        await SuggestAsync(clerk, trackingNo);

        var leader = await _app.SignInAsync(await _app.CreateUserAsync(OfficeRole.Leader));
        var html = await leader.GetStringAsync("/office/dashboard");
        Assert.Contains("id=\"kpi-llm-used\">1<", html);
        Assert.Contains("id=\"kpi-llm-tokens\">321 + 45<", html);
    }

    [Fact]
    public async Task Only_someone_who_may_write_the_opinion_can_ask_for_a_draft()
    {
        _model.Respond = _ => FakeChatServer.Reply(Opinion("信访人反映工资未付。", "应予支付。"));
        var petition = await _app.FilePetitionAsync(p => p.Status = PetitionStatus.InProgress);
        var supervisor = await _app.SignInAsync(await _app.CreateUserAsync(OfficeRole.Supervisor));
        Assert.DoesNotContain("起草处理意见书", await supervisor.GetStringAsync($"/office/petitions/{petition.TrackingNo}"));

        var response = await OfficeApp.PostActionAsync(supervisor, petition.TrackingNo, "SuggestOpinion", new() { ["outcome"] = "Support" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(_model.Requests);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var (clerk, trackingNo) = await HandlingAsync();
        var response = await clerk.PostAsync($"/office/petitions/{trackingNo}?handler=SuggestOpinion",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["outcome"] = "Support" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_model.Requests);
    }

    [Fact]
    public async Task Without_a_model_there_is_no_drafting_button_and_the_form_is_as_before()
    {
        await using var app = new OfficeApp();
        var petition = await app.FilePetitionAsync(p => p.Status = PetitionStatus.InProgress);
        var clerk = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        var html = await clerk.GetStringAsync($"/office/petitions/{petition.TrackingNo}");
        Assert.Contains("id=\"do-draft\"", html);
        Assert.DoesNotContain("起草处理意见书", html);
    }
}
