using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PetitionBot.Tests.Knowledge;

public class SearchApiTests(KnowledgeApiFactory factory) : IClassFixture<KnowledgeApiFactory>
{
    [Fact]
    public async Task Search_returns_statute_text_with_its_place_and_highlight()
    {
        var client = await factory.ReadyClientAsync();
        var result = await client.GetFromJsonAsync<JsonElement>("/api/search?q=" + Uri.EscapeDataString("示例街道议事规则 居委会答复") + "&top=10");
        var hit = result.GetProperty("hits").EnumerateArray()
            .First(h => h.GetProperty("documentFile").GetString() == "shili-yishi-guize.md");
        Assert.Equal("第十条", hit.GetProperty("article").GetString());
        Assert.Equal("第二章 议事程序 / 第二节 答复", hit.GetProperty("path").GetString());
        Assert.Contains("<em>", hit.GetProperty("highlight").GetString());
        Assert.True(hit.GetProperty("score").GetSingle() > 0);
    }

    [Fact]
    public async Task Missing_query_is_refused_in_chinese()
    {
        var client = await factory.ReadyClientAsync();
        var response = await client.GetAsync("/api/search?q=");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请输入检索词", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_check_turns_ok_once_the_index_is_open()
    {
        var client = await factory.ReadyClientAsync();
        var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }
}
