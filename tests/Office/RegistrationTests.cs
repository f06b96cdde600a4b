using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Clock;

namespace PetitionBot.Tests.Office;

/// <summary>POST /api/office/petitions and /office/petitions/new: letters, visits and calls registered by a clerk.</summary>
public class RegistrationTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    private Task<Petition> LoadAsync(string trackingNo) =>
        app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Petitions.AsNoTracking()
            .Include(p => p.Attachments).SingleAsync(p => p.TrackingNo == trackingNo));

    [Fact]
    public async Task A_letter_received_three_days_ago_gets_a_tracking_number_and_its_15_days_run_from_the_day_it_arrived()
    {
        var clerk = await app.CreateUserAsync(OfficeRole.Registrar);
        var client = await app.SignInAsync(clerk);
        var form = RegistrationOffice.Letter(app, daysAgo: 3, idNumber: "110101198506152313");

        var (response, body) = await RegistrationOffice.PostAsync(client, form);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var no = body.GetProperty("trackingNo").GetString()!;
        Assert.Matches(@"^XF\d{8}-\d{4}$", no);
        var p = await LoadAsync(no);
        var today = ChinaTime.Today(app.Clock);
        Assert.Equal(PetitionSource.Letter, p.Source);
        Assert.Equal(clerk, p.ReceivedBy);
        Assert.Equal(today.AddDays(-3), ChinaTime.ToDate(p.ReceivedUtc));
        Assert.Equal(today.AddDays(12), ChinaTime.ToDate(p.DueUtc!.Value));
        // Unpaid wages: the clerk sees the legal routes the chat would have suggested (诉访分离).
        Assert.False(string.IsNullOrEmpty(p.SuggestedRoutes));
        // The citizen looks it up like any other petition: tracking number and the last four digits of the phone.
        var status = await app.CreateClient().GetAsync($"/api/petitions/{no}?phone=8000");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        using var detail = JsonDocument.Parse(await client.GetStringAsync($"/api/office/petitions/{no}"));
        Assert.Equal("letter", detail.RootElement.GetProperty("source").GetString());
        // And the workflow takes it like any chat petition.
        Assert.Equal(HttpStatusCode.Redirect, (await OfficeApp.PostActionAsync(client, no, "Accept")).StatusCode);
        Assert.Equal(PetitionStatus.Accepted, (await LoadAsync(no)).Status);
    }

    [Fact]
    public async Task Bad_answers_are_refused_with_a_Chinese_reason_for_each_field()
    {
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        var form = RegistrationOffice.Letter(app);
        form["idNumber"] = "110101199003071234"; // wrong check digit
        form["source"] = "fax";
        form["address"] = "";

        var (response, body) = await RegistrationOffice.PostAsync(client, form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = body.GetProperty("errors");
        Assert.StartsWith("身份证号：", errors.GetProperty("idNumber").GetString());
        Assert.Contains("来信、来访、电话、网上、领导接访或上级交办", errors.GetProperty("source").GetString());
        Assert.Equal("请填写住址。", errors.GetProperty("address").GetString());
        Assert.False(errors.TryGetProperty("name", out _));
    }

    [Fact]
    public async Task A_body_that_is_not_the_form_as_JSON_is_refused_in_Chinese()
    {
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        var wrongType = await client.PostAsync("/api/office/petitions",
            new StringContent("{\"name\":\"张三\",\"peopleCount\":\"很多\"}", System.Text.Encoding.UTF8, "application/json"));
        var notJson = await client.PostAsync("/api/office/petitions", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "张三" }));
        foreach (var response in new[] { wrongType, notJson })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.StartsWith("请以 JSON 提交", json.RootElement.GetProperty("message").GetString());
        }
    }

    [Theory]
    [InlineData(-1, "不能晚于今天")]
    [InlineData(400, "请核对")]
    public async Task A_date_received_in_the_future_or_long_ago_is_refused(int daysAgo, string reason)
    {
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        var (response, body) = await RegistrationOffice.PostAsync(client, RegistrationOffice.Letter(app, daysAgo));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, body.GetProperty("errors").GetProperty("receivedOn").GetString());
    }

    [Fact]
    public async Task Without_a_session_the_API_answers_401_and_without_the_registrar_role_403()
    {
        var anonymous = await RegistrationOffice.PostAsync(app.CreateClient(), RegistrationOffice.Letter(app));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Response.StatusCode);

        var unit = await app.CreateUnitAsync("区人社局" + Guid.NewGuid().ToString("N")[..4]);
        var unitUser = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.HandlingUnit, unit.Id));
        var forbidden = await RegistrationOffice.PostAsync(unitUser, RegistrationOffice.Letter(app));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Response.StatusCode);
        var page = await unitUser.GetAsync("/office/petitions/new");
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
    }

    [Fact]
    public async Task A_group_visit_names_at_most_five_representatives()
    {
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        var form = RegistrationOffice.Letter(app, daysAgo: 0, idNumber: "110101197807214413", source: "visit");
        form["peopleCount"] = 12;

        var none = await RegistrationOffice.PostAsync(client, form);
        Assert.Equal(HttpStatusCode.BadRequest, none.Response.StatusCode);
        Assert.Contains("第二十条", none.Body.GetProperty("errors").GetProperty("representatives").GetString());

        form["representatives"] = new[] { "王一", "王二", "王三", "王四", "王五", "王六" };
        var six = await RegistrationOffice.PostAsync(client, form);
        Assert.Equal(HttpStatusCode.BadRequest, six.Response.StatusCode);
        Assert.Contains("不得超过5人", six.Body.GetProperty("errors").GetProperty("representatives").GetString());

        form["representatives"] = new[] { "王一", "王二", "王三" };
        var three = await RegistrationOffice.PostAsync(client, form);
        Assert.Equal(HttpStatusCode.Created, three.Response.StatusCode);
        var p = await LoadAsync(three.Body.GetProperty("trackingNo").GetString()!);
        Assert.Equal((PetitionSource.Visit, 12, "王一\n王二\n王三"), (p.Source, p.PeopleCount, p.Representatives));
    }

    [Fact]
    public async Task A_registered_letter_is_linked_as_a_repeat_to_the_same_citizens_earlier_chat_petition()
    {
        var chat = await app.FileThroughChatAsync("citizen-letter-repeat-01");
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));

        var (response, body) = await RegistrationOffice.PostAsync(client, RegistrationOffice.Letter(app));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var p = await LoadAsync(body.GetProperty("trackingNo").GetString()!);
        Assert.True(p.IsRepeat);
        Assert.Equal(chat.Id, p.RepeatOfPetitionId);
        Assert.Equal(PetitionSource.Online, chat.Source);
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_or_PDF_is_refused_whatever_its_name_says()
    {
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        var page = await client.GetStringAsync("/office/petitions/new?source=letter");
        var fields = RegistrationOffice.Letter(app, idNumber: "110101199003075410");
        fields["name"] = "李四";
        using var form = PageForm(page, fields);
        form.Add(new ByteArrayContent("<script>alert(1)</script>"u8.ToArray()) { Headers = { ContentType = new("image/png") } }, "Files", "scan.png");

        var response = await client.PostAsync("/office/petitions/new", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("附件「scan.png」不是图片（PNG、JPEG）或 PDF 文件", html);
        var count = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Petitions.CountAsync(p => p.PetitionerName == "李四"));
        Assert.Equal(0, count);
    }

    [Fact]
    public async Task A_scanned_PDF_is_kept_with_the_petition_and_the_same_form_sent_twice_registers_once()
    {
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        var page = await client.GetStringAsync("/office/petitions/new");
        var fields = RegistrationOffice.Letter(app, idNumber: "110101196512013011");
        fields["name"] = "赵六";

        HttpResponseMessage? last = null;
        for (var i = 0; i < 2; i++)
        {
            using var form = PageForm(page, fields);
            form.Add(new ByteArrayContent(RegistrationOffice.Pdf()) { Headers = { ContentType = new("application/octet-stream") } }, "Files", "来信.pdf");
            last = await client.PostAsync("/office/petitions/new", form);
            Assert.Equal(HttpStatusCode.Redirect, last.StatusCode);
        }

        var no = Regex.Match(last!.Headers.Location!.ToString(), @"XF\d{8}-\d{4}").Value;
        var p = await LoadAsync(no);
        var file = Assert.Single(p.Attachments);
        Assert.Equal(("来信.pdf", "application/pdf"), (file.FileName, file.ContentType));
        Assert.Equal(1, await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Petitions.CountAsync(x => x.PetitionerName == "赵六")));
        var download = await client.GetAsync($"/office/petitions/{no}/attachments/{file.Id}");
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(RegistrationOffice.Pdf(), await download.Content.ReadAsByteArrayAsync());
        var anonymous = await app.Browser().GetAsync($"/office/petitions/{no}/attachments/{file.Id}");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/office/login", anonymous.Headers.Location!.ToString());
    }

    [Fact]
    public async Task JSON_takes_scanned_pages_in_base64_and_a_retry_with_the_same_key_gets_the_same_petition()
    {
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        var form = RegistrationOffice.Letter(app, idNumber: "11010119720808301X");
        form["name"] = "孙八";
        form["attachments"] = new[] { new { fileName = "来信第1页.png", content = Convert.ToBase64String(RegistrationOffice.Png()) } };
        var key = Guid.NewGuid().ToString("N");

        var numbers = new List<(HttpStatusCode, string)>();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/office/petitions") { Content = System.Net.Http.Json.JsonContent.Create(form) };
            request.Headers.Add("Idempotency-Key", key);
            var response = await client.SendAsync(request);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            numbers.Add((response.StatusCode, body.RootElement.GetProperty("trackingNo").GetString()!));
        }

        Assert.Equal(HttpStatusCode.Created, numbers[0].Item1);
        Assert.Equal(HttpStatusCode.OK, numbers[1].Item1);
        Assert.Equal(numbers[0].Item2, numbers[1].Item2);
        var file = Assert.Single((await LoadAsync(numbers[0].Item2)).Attachments);
        Assert.Equal(("来信第1页.png", "image/png"), (file.FileName, file.ContentType));
        Assert.Equal(1, await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Petitions.CountAsync(x => x.PetitionerName == "孙八")));
    }

    [Fact]
    public async Task JSON_attachments_that_are_not_base64_or_not_a_scan_are_refused_in_Chinese()
    {
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        var form = RegistrationOffice.Letter(app, idNumber: "11010119720808301X");
        form["attachments"] = new[] { new { fileName = "来信.png", content = "这不是base64" } };
        var (notBase64, _) = await RegistrationOffice.PostAsync(client, form);
        form["attachments"] = new[] { new { fileName = "来信.png", content = Convert.ToBase64String("plain text"u8.ToArray()) } };
        var (notScan, body) = await RegistrationOffice.PostAsync(client, form);

        Assert.Equal(HttpStatusCode.BadRequest, notBase64.StatusCode);
        Assert.Contains("base64", await notBase64.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, notScan.StatusCode);
        Assert.Contains("不是图片（PNG、JPEG）或 PDF 文件", body.GetProperty("errors").GetProperty("attachments").GetString());
    }

    [Fact]
    public async Task A_double_click_that_sends_the_form_twice_at_once_registers_one_petition()
    {
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        var page = await client.GetStringAsync("/office/petitions/new");
        var fields = RegistrationOffice.Letter(app, idNumber: "110101198506152313", source: "phone");
        fields["name"] = "钱七";

        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            using var form = PageForm(page, fields);
            return await client.PostAsync("/office/petitions/new", form);
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Single(responses.Select(r => r.Headers.Location!.ToString()).Distinct());
        Assert.Equal(1, await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Petitions.CountAsync(x => x.PetitionerName == "钱七")));
    }

    [Fact]
    public async Task The_form_takes_a_booked_visit_from_the_query_string()
    {
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        var html = await client.GetStringAsync("/office/petitions/new?source=visit&name=%E7%8E%8B%E4%BA%94&phone=13900001111&request=%E8%A6%81%E6%B1%82%E4%BF%AE%E8%B7%AF&receivedOn=2026-03-01&bookingNo=YY20260301-0007");
        Assert.Matches("<option value=\"visit\" selected=\"selected\">", html);
        Assert.Contains("value=\"王五\"", html);
        Assert.Contains("value=\"13900001111\"", html);
        Assert.Contains(">要求修路</textarea>", html);
        Assert.Contains("value=\"2026-03-01\"", html);
        Assert.Contains("YY20260301-0007", html);
    }

    /// <summary>The page's form as the browser posts it: antiforgery token, form id and the fields under Form.*.</summary>
    private static MultipartFormDataContent PageForm(string page, Dictionary<string, object?> fields)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(OfficeApp.Token(page)), "__RequestVerificationToken" },
            { new StringContent(Regex.Match(page, "name=\"FormId\" value=\"([^\"]+)\"").Groups[1].Value), "FormId" },
        };
        foreach (var (key, value) in fields)
            if (value is string s) form.Add(new StringContent(s), "Form." + char.ToUpperInvariant(key[0]) + key[1..]);
        return form;
    }
}

/// <summary>Its own database, so every source can be counted exactly.</summary>
public class RegistrationCountTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    [Fact]
    public async Task The_dashboard_and_the_Excel_export_count_every_source()
    {
        await app.FileThroughChatAsync("citizen-count-01");
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        Assert.Equal(HttpStatusCode.Created, (await RegistrationOffice.PostAsync(client, RegistrationOffice.Letter(app, idNumber: "110101198506152313"))).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await RegistrationOffice.PostAsync(client, RegistrationOffice.Letter(app, idNumber: "110101197807214413", source: "phone"))).Response.StatusCode);

        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/office/dashboard?period=all"));
        var bySource = json.RootElement.GetProperty("bySource").EnumerateArray()
            .ToDictionary(b => b.GetProperty("label").GetString()!, b => b.GetProperty("value").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["来信"] = 1, ["来访"] = 0, ["电话"] = 1, ["网上"] = 1, ["领导接访"] = 0, ["上级交办"] = 0 }, bySource);

        var xlsx = await client.GetByteArrayAsync("/api/office/export.xlsx");
        using var stream = new MemoryStream(xlsx);
        var sources = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().Select(r => (string)r["来源"]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "来信", "电话", "网上" }.Order(StringComparer.Ordinal), sources);

        var letters = await client.GetStringAsync("/office?source=letter");
        Assert.Single(Regex.Matches(letters, "<td class=\"source\">来信</td>"));
        Assert.DoesNotContain("<td class=\"source\">网上</td>", letters);
    }
}

/// <summary>初转重 is kept on the earlier petition by intake (issue 24); through the real registration it cannot drift.</summary>
public class FirstToRepeatTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    [Fact]
    public async Task A_letter_registered_as_a_repeat_makes_the_earlier_chat_petition_count_as_first_to_repeat()
    {
        var chat = await app.FileThroughChatAsync("citizen-first-to-repeat-01");
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Registrar));
        Assert.Equal(0, await FirstToRepeatAsync(client));

        var (response, _) = await RegistrationOffice.PostAsync(client, RegistrationOffice.Letter(app));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, await FirstToRepeatAsync(client));
        var earlier = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Petitions.AsNoTracking().SingleAsync(p => p.Id == chat.Id));
        Assert.True(earlier.HasLaterRepeat);
    }

    private static async Task<int> FirstToRepeatAsync(HttpClient client)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/office/dashboard?period=all"));
        return json.RootElement.GetProperty("firstToRepeat").GetInt32();
    }
}
