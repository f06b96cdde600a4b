using PetitionBot.Tests.Support;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PetitionBot.Tests.Knowledge;

public class AskApiTests(KnowledgeApiFactory factory) : IClassFixture<KnowledgeApiFactory>
{
    private async Task<JsonElement> AskAsync(string question)
    {
        var client = await factory.ReadyClientAsync();
        return await client.AskAsync(question);
    }

    [Fact]
    public async Task Handling_time_question_answers_60_days_citing_article_34()
    {
        var answer = await AskAsync("信访事项多长时间办结");
        Assert.False(answer.GetProperty("abstained").GetBoolean());
        Assert.Contains("60", answer.GetProperty("answer").GetString());
        var first = answer.GetProperty("citations")[0];
        Assert.Equal("信访工作条例", first.GetProperty("document").GetString());
        Assert.Equal("xinfang-gongzuo-tiaoli-2022.md", first.GetProperty("documentFile").GetString());
        Assert.Equal("第三十四条", first.GetProperty("article").GetString());
        Assert.Equal(34, first.GetProperty("articleNumber").GetInt32());
    }

    [Fact]
    public async Task Unpaid_wages_get_labour_routes_with_who_handles_them()
    {
        var answer = await AskAsync("我们公司拖欠了我三个月工资怎么办");
        var routes = answer.GetProperty("routes").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Contains(routes[0], new[] { "labor-inspection", "labor-arbitration" });
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("routes")[0].GetProperty("handler").GetString()));
        Assert.NotEqual(0, answer.GetProperty("citations").GetArrayLength());
    }

    [Fact]
    public async Task Bare_article_number_means_the_petition_regulation()
    {
        var answer = await AskAsync("第三十五条讲的什么");
        var first = answer.GetProperty("citations")[0];
        Assert.Equal("xinfang-gongzuo-tiaoli-2022.md", first.GetProperty("documentFile").GetString());
        Assert.Equal(35, first.GetProperty("articleNumber").GetInt32());
    }

    [Fact]
    public async Task Loaded_statute_is_quoted_word_for_word()
    {
        var answer = await AskAsync("示例街道议事规则第十条");
        Assert.Contains("居委会收到意见后，应当在十五日内答复提出人。", answer.GetProperty("answer").GetString());
        Assert.Equal("shili-yishi-guize.md", answer.GetProperty("citations")[0].GetProperty("documentFile").GetString());
    }

    [Theory]
    [InlineData("明天县城会下雨吗，要不要带伞")]
    [InlineData("红烧肉怎么做才好吃")]
    [InlineData("美国的劳动法加班费怎么算")]
    [InlineData("帮我把“依法信访”翻译成英文")]
    [InlineData("帮我写一份工作总结")] // cited an article of the 条例 before the writing topic
    public async Task Out_of_scope_question_abstains_with_the_help_menu(string question)
    {
        var answer = await AskAsync(question);
        Assert.True(answer.GetProperty("abstained").GetBoolean());
        Assert.Equal(0, answer.GetProperty("citations").GetArrayLength());
        Assert.Contains("查询办理进度", answer.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Empty_question_is_refused_in_chinese()
    {
        var client = await factory.ReadyClientAsync();
        var response = await client.PostAsJsonAsync("/api/ask", new { question = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请输入您的问题", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Very_long_question_is_answered_not_crashed()
    {
        var answer = await AskAsync(string.Concat(Enumerable.Repeat("老板拖欠工资不给钱，", 300)));
        Assert.True(answer.TryGetProperty("answer", out _));
    }
}
