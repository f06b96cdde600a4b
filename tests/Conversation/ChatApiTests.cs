using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Conversation;

/// <summary>The JSON contract of POST /api/chat that the web page and other callers rely on.</summary>
public class ChatApiTests
{
    private static string NewUser() => "web-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Reply_has_text_and_choices_and_no_cards_when_there_are_none()
    {
        await using var host = BotHost.Start();
        var response = await host.Client.PostAsJsonAsync("/api/chat", new { user = NewUser(), text = "你好" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var reply = Assert.Single(json.RootElement.GetProperty("replies").EnumerateArray());
        Assert.Equal(["text", "choices"], reply.EnumerateObject().Select(p => p.Name));
        Assert.Contains("信访助手", reply.GetProperty("text").GetString());
        Assert.Equal(["法规咨询", "我该走什么途径", "我要反映问题", "查询办理进度", "评价"],
            reply.GetProperty("choices").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Route_cards_come_with_title_and_text()
    {
        await using var host = BotHost.Start();
        var response = await host.Client.PostAsJsonAsync("/api/chat", new { user = NewUser(), text = "朋友借了我5万块钱两年都不还" });

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var withCards = json.RootElement.GetProperty("replies").EnumerateArray().First(r => r.TryGetProperty("cards", out _));
        var card = withCards.GetProperty("cards").EnumerateArray().First();
        Assert.Equal(["title", "text"], card.EnumerateObject().Select(p => p.Name));
        Assert.Equal("民事诉讼（向人民法院起诉）", card.GetProperty("title").GetString());
        Assert.Contains("谁来办", card.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_dispute_gets_the_guides_answer_and_its_routes_once_as_cards()
    {
        await using var host = BotHost.Start();
        var response = await host.Client.PostAsJsonAsync("/api/chat", new { user = NewUser(), text = "公司拖欠工资怎么办" });

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var replies = json.RootElement.GetProperty("replies").EnumerateArray().ToList();
        var texts = replies.Select(r => r.GetProperty("text").GetString()!).ToList();
        var titles = replies.Where(r => r.TryGetProperty("cards", out _))
            .SelectMany(r => r.GetProperty("cards").EnumerateArray()).Select(c => c.GetProperty("title").GetString()!).ToList();
        Assert.Contains(texts, t => t.Contains("拖欠工资", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.StartsWith("劳动保障监察投诉", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains("建议的途径", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"text":"你好"}""")]
    [InlineData("""{"user":"abc","text":"你好"}""")]
    [InlineData("""{"user":"web-0123456789","text":"   "}""")]
    public async Task Missing_user_or_text_is_a_validation_problem(string body)
    {
        await using var host = BotHost.Start();
        var response = await host.Client.PostAsync("/api/chat", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_too_short_user_id_is_refused_with_the_rule_written_in_Chinese_characters()
    {
        await using var host = BotHost.Start();
        var response = await host.Client.PostAsync("/api/chat",
            new StringContent("""{"user":"u1","text":"你好"}""", System.Text.Encoding.UTF8, "application/json"));

        var raw = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("8到128位", raw);
        Assert.Contains("请求内容有误", raw);
        Assert.DoesNotContain("\\u", raw);
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_400_saying_so_in_Chinese()
    {
        await using var host = BotHost.Start();
        var response = await host.Client.PostAsync("/api/chat", new StringContent("user=u1", System.Text.Encoding.UTF8, "application/json"));

        var raw = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请求格式不正确", raw);
    }

    [Fact]
    public async Task Same_idempotency_key_gets_the_same_replies_without_advancing_the_form()
    {
        await using var host = BotHost.Start();
        var user = NewUser();
        await host.SayAsync(user, "我要反映问题");

        var first = await host.SayAsync(user, "张三", idempotencyKey: "delivery-1");
        var again = await host.SayAsync(user, "张三", idempotencyKey: "delivery-1");
        var next = await host.SayAsync(user, "110101199003071233");

        Assert.Equal(first.Json, again.Json);
        Assert.Contains("身份证号", first.AllText);
        Assert.Contains("联系电话", next.AllText); // the ID step came once, then the phone
    }

    [Fact]
    public async Task Too_many_messages_from_one_user_are_refused_for_a_minute()
    {
        await using var host = BotHost.Start(options: new BotHostOptions
        {
            Settings = new Dictionary<string, string?> { ["Conversation:ChatMessagesPerMinute"] = "3" },
        });
        var user = NewUser();
        for (var i = 0; i < 3; i++) await host.SayAsync(user, "你好");

        var response = await host.Client.PostAsJsonAsync("/api/chat", new { user, text = "你好" });
        var other = await host.Client.PostAsJsonAsync("/api/chat", new { user = NewUser(), text = "你好" });

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}
