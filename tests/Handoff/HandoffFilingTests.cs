using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Tests.Office;

namespace PetitionBot.Tests.Handoff;

/// <summary>登记 a petition from a hand-off: the form comes pre-filled from the chat, the petition is linked and the citizen told.</summary>
public sealed class HandoffFilingTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    private async Task<List<string>> SayAsync(string user, string text)
    {
        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/chat", new { user, text });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("replies").EnumerateArray().Select(r => r.GetProperty("text").GetString()!).ToList();
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient office, long id, Dictionary<string, string> fields)
    {
        var url = $"/office/handoffs/{id}/petition";
        var page = await office.GetStringAsync(url);
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = OfficeApp.Token(page) };
        return await office.PostAsync(url, new FormUrlEncodedContent(form));
    }

    private static Dictionary<string, string> Filled(string facts) => new()
    {
        ["Form.PetitionerName"] = "张三", ["Form.IdNumber"] = "110101199003071233", ["Form.Phone"] = "13800138000",
        ["Form.Address"] = "城关街道幸福路12号", ["Form.Locality"] = "城关街道", ["Form.Category"] = "Grievance",
        ["Form.Field"] = "涉法涉诉", ["Form.Request"] = "要求重新审查判决", ["Form.FactsAndReasons"] = facts,
        ["Form.LitigationRelated"] = "true",
    };

    [Fact]
    public async Task A_duty_lawyer_files_a_petition_from_the_hand_off_pre_filled_from_the_chat_and_the_citizen_is_told_the_number()
    {
        var user = "web-" + Guid.NewGuid().ToString("N");
        await SayAsync(user, "法院判决不公，我要申诉");
        await SayAsync(user, "转人工");
        await SayAsync(user, "编号己 判决书上的事实认定有错误");
        var office = await HandoffOffice.SignInAsync(app, OfficeRole.DutyLawyer, "周律师");
        var id = (await HandoffOffice.FindAsync(office, "编号己")).GetProperty("id").GetInt64();

        var draft = await office.GetStringAsync($"/office/handoffs/{id}/petition");
        var filed = await PostFormAsync(office, id, Filled("编号己 判决书上的事实认定有错误"));
        var petitionPage = await office.GetAsync(filed.Headers.Location!.OriginalString);
        var entry = await HandoffOffice.FindAsync(office, "编号己");
        var told = await SayAsync(user, "好的");

        Assert.Contains(">法院判决不公，我要申诉</textarea>", draft); // the request, from the chat as typed
        Assert.Contains("编号己 判决书上的事实认定有错误", draft); // the facts, from the hand-off
        Assert.Contains("value=\"涉法涉诉\"", draft);
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, petitionPage.StatusCode); // the lawyer took part, so may open it
        var petition = await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Petitions.AsNoTracking()
            .Include(p => p.Transcript).SingleAsync(p => p.ChannelUserId == user));
        Assert.EndsWith(petition.TrackingNo, filed.Headers.Location!.OriginalString);
        Assert.True(petition.LitigationRelated);
        Assert.Equal("张三", petition.PetitionerName);
        Assert.Contains(petition.Transcript, l => l.Text.Contains("编号己"));
        Assert.Equal(petition.TrackingNo, entry.GetProperty("petition").GetString());
        Assert.Contains(told, t => t.Contains($"已为您登记信访事项，编号 {petition.TrackingNo}"));
    }

    [Fact]
    public async Task A_wrong_id_number_is_refused_with_a_reason_and_nothing_is_filed()
    {
        var user = "web-" + Guid.NewGuid().ToString("N");
        await SayAsync(user, "转人工");
        await SayAsync(user, "编号庚 想登记");
        var office = await HandoffOffice.SignInAsync(app, OfficeRole.Registrar, "吴九");
        var id = (await HandoffOffice.FindAsync(office, "编号庚")).GetProperty("id").GetInt64();
        var fields = Filled("编号庚 想登记");
        fields["Form.IdNumber"] = "110101199003071234";

        var response = await PostFormAsync(office, id, fields);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("身份证号：", html);
        Assert.Contains("value=\"张三\"", html); // what was typed stays in the form
        Assert.False(await app.InScopeAsync(sp => sp.GetRequiredService<PetitionDbContext>().Petitions.AnyAsync(p => p.ChannelUserId == user)));
    }
}
