using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Grid;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Tests.Office;

namespace PetitionBot.Tests.Grid;

/// <summary>代为登记: a dispute becomes a petition only with the citizen's confirmation, in their chat or on signed paper.</summary>
public sealed class FileOnBehalfTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    private static Dictionary<string, string> Form(string? idNumber = null) => new()
    {
        ["Form.Name"] = "王建国",
        ["Form.IdNumber"] = idNumber ?? GridOffice.NewIdNumber(),
        ["Form.Phone"] = "13900139000",
        ["Form.Address"] = "城关街道幸福路12号2单元301室",
        ["Form.Locality"] = "城关街道",
        ["Form.ConcernedUnit"] = "",
        ["Form.Category"] = "申诉求决",
        ["Form.Field"] = "城乡建设",
        ["Form.Request"] = "要求物业公司维修楼顶防水",
        ["Form.FactsAndReasons"] = "楼顶防水层破损两年，每逢下雨家中漏水，多次找物业公司未解决。",
        ["Form.PeopleCount"] = "1",
    };

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, long id, string handler, Dictionary<string, string>? fields = null)
    {
        var url = $"/office/grid/disputes/{id}";
        var page = await client.GetStringAsync(url);
        var form = new Dictionary<string, string>(fields ?? []) { ["__RequestVerificationToken"] = OfficeApp.Token(page) };
        return await client.PostAsync($"{url}?handler={handler}", new FormUrlEncodedContent(form));
    }

    private static async Task<string> PrepareAsync(HttpClient worker, long id, string? idNumber = null)
    {
        var response = await PostAsync(worker, id, "Prepare", Form(idNumber));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await worker.GetStringAsync($"/office/grid/disputes/{id}");
        var code = Regex.Match(page, "id=\"code\"[^>]*>(\\d{6})<");
        Assert.True(code.Success, "the dispute page shows no confirmation code");
        return code.Groups[1].Value;
    }

    private async Task<string> ChatAsync(string user, string text)
    {
        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/chat", new { user, text });
        response.EnsureSuccessStatusCode();
        return Regex.Unescape(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_citizen_confirms_with_the_code_in_the_chat_and_the_clerk_sees_the_dispute_on_the_petition()
    {
        var worker = await GridOffice.SignInWorkerAsync(app);
        var id = await GridOffice.RecordAsync(worker.Client);
        var idNumber = GridOffice.NewIdNumber();
        var code = await PrepareAsync(worker.Client, id, idNumber);

        var summary = await ChatAsync("citizen-grid-0001", code);
        var done = await ChatAsync("citizen-grid-0001", "确认提交");
        var trackingNo = Regex.Match(done, @"XF\d{8}-\d{4}").Value;
        var clerk = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        var petitionPage = await clerk.GetStringAsync($"/office/petitions/{trackingNo}");
        var line = await worker.Client.GetStringAsync($"/office/grid/disputes/{id}");

        Assert.Contains("代为填写了信访事项登记表", summary);
        Assert.Contains("1101**********" + idNumber[^4..], summary);
        Assert.DoesNotContain(idNumber, summary);
        Assert.Contains("已提交。您的信访事项编号是", done);
        Assert.Contains($"矛盾纠纷排查台账第 {id} 号", petitionPage);
        Assert.Contains("信访人在对话中以确认码确认", petitionPage);
        Assert.Contains("转信访", line);
        Assert.Contains(trackingNo, line);
        Assert.Equal(HttpStatusCode.OK, (await worker.Client.GetAsync($"/office/petitions/{trackingNo}")).StatusCode);
    }

    [Fact]
    public async Task The_petition_keeps_the_id_number_encrypted_and_the_chat_channel()
    {
        var worker = await GridOffice.SignInWorkerAsync(app);
        var id = await GridOffice.RecordAsync(worker.Client);
        var idNumber = GridOffice.NewIdNumber();
        var code = await PrepareAsync(worker.Client, id, idNumber);
        await ChatAsync("citizen-grid-0002", code);
        await ChatAsync("citizen-grid-0002", "确认提交");

        var petition = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Petitions.AsNoTracking()
            .SingleAsync(p => p.SubmissionKey == DisputeFilings.SubmissionKey(id)));
        var draft = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<DisputeFiling>().AsNoTracking()
            .Where(f => f.DisputeId == id).Select(f => f.Draft).SingleAsync());

        Assert.Equal("web", petition.Channel);
        Assert.Equal("citizen-grid-0002", petition.ChannelUserId);
        Assert.Equal("1101**********" + idNumber[^4..], petition.IdNumberMasked);
        Assert.DoesNotContain(idNumber, petition.IdNumberProtected);
        Assert.DoesNotContain(idNumber, draft);
    }

    [Fact]
    public async Task A_wrong_code_is_refused_with_a_reason()
    {
        var reply = await ChatAsync("citizen-grid-0003", "确认码 000001");

        Assert.Contains("确认码不正确或已过期", reply);
    }

    [Fact]
    public async Task A_code_works_once()
    {
        var worker = await GridOffice.SignInWorkerAsync(app);
        var id = await GridOffice.RecordAsync(worker.Client);
        var code = await PrepareAsync(worker.Client, id);
        await ChatAsync("citizen-grid-0004", code);
        await ChatAsync("citizen-grid-0004", "确认提交");

        var again = await ChatAsync("citizen-grid-0005", code);

        Assert.Contains("确认码不正确或已过期", again);
    }

    [Fact]
    public async Task A_signed_paper_form_files_the_petition_at_once()
    {
        var worker = await GridOffice.SignInWorkerAsync(app);
        var id = await GridOffice.RecordAsync(worker.Client);
        await PrepareAsync(worker.Client, id);

        var response = await PostAsync(worker.Client, id, "Paper");
        var line = await worker.Client.GetStringAsync($"/office/grid/disputes/{id}");
        var trackingNo = Regex.Match(line, "id=\"petition-link\" href=\"/office/petitions/(XF\\d{8}-\\d{4})\"").Groups[1].Value;
        var clerk = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        var petitionPage = await clerk.GetStringAsync($"/office/petitions/{trackingNo}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("信访人签字的纸质登记表", line);
        Assert.Contains("网格员代为登记（纸质确认）", petitionPage);
        Assert.Contains($"矛盾纠纷排查台账第 {id} 号", petitionPage);
    }

    [Fact]
    public async Task A_second_paper_filing_for_the_same_citizen_is_linked_as_a_repeat_and_the_grid_counts_both()
    {
        var worker = await GridOffice.SignInWorkerAsync(app);
        var again = GridOffice.NewIdNumber();
        var trackingNos = new List<string>();
        foreach (var idNumber in new[] { again, again, GridOffice.NewIdNumber() })
        {
            var id = await GridOffice.RecordAsync(worker.Client);
            await PrepareAsync(worker.Client, id, idNumber);
            Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(worker.Client, id, "Paper")).StatusCode);
            var line = await worker.Client.GetStringAsync($"/office/grid/disputes/{id}");
            trackingNos.Add(Regex.Match(line, "id=\"petition-link\" href=\"/office/petitions/(XF\\d{8}-\\d{4})\"").Groups[1].Value);
        }
        var grid = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Set<GridArea>()
            .Where(g => g.Id == worker.GridId).Select(g => g.Name).SingleAsync());
        var leader = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Leader));

        var clerk = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        var secondPage = await clerk.GetStringAsync($"/office/petitions/{trackingNos[1]}");
        using var stats = System.Text.Json.JsonDocument.Parse(await leader.GetStringAsync("/api/office/grids/stats"));
        var row = stats.RootElement.GetProperty("grids").EnumerateArray().Single(g => g.GetProperty("grid").GetString() == grid);
        var dashboard = await leader.GetStringAsync("/office/dashboard");

        Assert.Contains(trackingNos[0], secondPage);
        Assert.Equal(3, row.GetProperty("toPetition").GetInt32());
        Assert.Equal(2, row.GetProperty("repeatPetitions").GetInt32());
        Assert.Contains("其中重复信访", dashboard);
    }

    [Fact]
    public async Task A_wrong_id_number_on_the_workers_form_gets_the_chats_reason()
    {
        var worker = await GridOffice.SignInWorkerAsync(app);
        var id = await GridOffice.RecordAsync(worker.Client);

        var response = await PostAsync(worker.Client, id, "Prepare", Form("110101199003071234"));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("身份证号：", page);
        Assert.Contains("王建国", page);
        Assert.DoesNotContain("id=\"code\"", page);
    }

    [Fact]
    public async Task A_form_the_worker_prepared_again_cannot_be_confirmed_in_its_old_version()
    {
        var worker = await GridOffice.SignInWorkerAsync(app);
        var id = await GridOffice.RecordAsync(worker.Client);
        var first = await PrepareAsync(worker.Client, id);
        await ChatAsync("citizen-grid-0006", first);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var second = await PrepareAsync(worker.Client, id);

        var old = await ChatAsync("citizen-grid-0006", "确认提交");
        var again = await ChatAsync("citizen-grid-0006", second);
        var done = await ChatAsync("citizen-grid-0006", "确认提交");

        Assert.Contains("网格员已经修改了为您填写的登记表，这份没有提交", old);
        Assert.Contains("请核对", again);
        Assert.Contains("已提交。您的信访事项编号是", done);
    }

    [Fact]
    public async Task A_grid_worker_on_a_petition_filed_from_their_grid_is_not_shown_the_citizens_other_petitions()
    {
        var worker = await GridOffice.SignInWorkerAsync(app);
        var id = await GridOffice.RecordAsync(worker.Client);
        var idNumber = GridOffice.NewIdNumber();
        var earlier = await app.FilePetitionAsync(p =>
        {
            p.IdNumberHash = app.Services.GetRequiredService<PetitionBot.Bot.Petitions.IPersonalDataProtector>().Hash(idNumber);
            p.Request = "另一件事：要求退还多收的取暖费";
            // Not of today's series, which the intake numbers on its own.
            p.TrackingNo = "XF20260215-" + Random.Shared.Next(1000, 9999);
        });
        var code = await PrepareAsync(worker.Client, id, idNumber);
        await ChatAsync("citizen-grid-0007", code);
        var done = await ChatAsync("citizen-grid-0007", "确认提交");
        var trackingNo = Regex.Match(done, @"XF\d{8}-\d{4}").Value;

        var asWorker = await worker.Client.GetStringAsync($"/office/petitions/{trackingNo}");
        var clerk = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        var asClerk = await clerk.GetStringAsync($"/office/petitions/{trackingNo}");

        Assert.Contains(earlier.TrackingNo, asClerk);
        Assert.DoesNotContain(earlier.TrackingNo, asWorker);
    }

    [Fact]
    public async Task Guessing_codes_is_stopped_after_five_misses_an_hour()
    {
        for (var i = 0; i < 5; i++) await ChatAsync("citizen-grid-0008", $"00000{i}");

        var sixth = await ChatAsync("citizen-grid-0008", "000009");

        Assert.Contains("确认码错误次数太多了，请一小时后再试", sixth);
    }

    [Fact]
    public async Task Six_digits_inside_the_citizens_own_form_stay_an_answer()
    {
        await ChatAsync("citizen-grid-0009", "我要反映问题");
        await ChatAsync("citizen-grid-0009", "张三");

        var reply = await ChatAsync("citizen-grid-0009", "123456");

        Assert.DoesNotContain("确认码", reply);
        Assert.Contains("身份证", reply);
    }
}
