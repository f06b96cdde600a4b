using System.Net.Http.Json;
using System.Text.Json;
using PetitionBot.Tests.Knowledge;

namespace PetitionBot.Tests.Llm;

public class LlmOffTests(KnowledgeApiFactory factory) : IClassFixture<KnowledgeApiFactory>
{
    [Fact]
    public async Task Without_a_model_the_answer_is_extractive_and_says_so()
    {
        var client = await factory.ReadyClientAsync();
        var response = await client.PostAsJsonAsync("/api/ask", new { question = "信访事项多长时间办结" });
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("extractive", answer.GetProperty("generatedBy").GetString());
        Assert.Contains("60", answer.GetProperty("answer").GetString());
    }
}
