using System.Net.Http.Json;
using System.Text.Json;

namespace PetitionBot.Tests.Support;

/// <summary>The citizen's question to /api/ask, as the page and the channels send it.</summary>
public static class AskApi
{
    public static async Task<JsonElement> AskAsync(this HttpClient client, string question)
    {
        var response = await client.PostAsJsonAsync("/api/ask", new { question });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
