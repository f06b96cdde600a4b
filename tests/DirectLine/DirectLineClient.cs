using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PetitionBot.Tests.DirectLine;

/// <summary>Speaks Direct Line 3.0 as botframework-directlinejs does (polling).</summary>
public sealed class DirectLineClient(HttpClient http)
{
    public string? Token { get; set; }
    public string? ConversationId { get; set; }
    public string? Watermark { get; private set; }

    public async Task<HttpResponseMessage> GenerateAsync()
    {
        var response = await http.PostAsync("/v3/directline/tokens/generate", null);
        if (response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadFromJsonAsync<JsonObject>();
            Token = body!["token"]!.GetValue<string>();
            ConversationId = body["conversationId"]!.GetValue<string>();
        }
        return response;
    }

    public Task<HttpResponseMessage> StartAsync() =>
        SendAsync(HttpMethod.Post, "/v3/directline/conversations", new JsonObject { ["user"] = new JsonObject { ["id"] = "someone" }, ["locale"] = "zh-CN" });

    public Task<HttpResponseMessage> RefreshAsync() => SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", null);

    public Task<HttpResponseMessage> PostActivityAsync(JsonObject activity, string? conversationId = null) =>
        SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{conversationId ?? ConversationId}/activities", activity);

    public Task<HttpResponseMessage> SayAsync(string text, string? clientActivityId = null) => PostActivityAsync(new JsonObject
    {
        ["type"] = "message",
        ["text"] = text,
        ["from"] = new JsonObject { ["id"] = "dl_pretender", ["role"] = "user" },
        ["locale"] = "zh-CN",
        ["channelData"] = new JsonObject { ["clientActivityID"] = clientActivityId ?? Guid.NewGuid().ToString("N") },
    });

    public Task<HttpResponseMessage> GetActivitiesAsync(string? conversationId = null, string? watermark = null) =>
        SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversationId ?? ConversationId}/activities?watermark={watermark ?? Watermark}", null);

    /// <summary>One poll: the new activities since the last one.</summary>
    public async Task<JsonObject[]> PollAsync()
    {
        var response = await GetActivitiesAsync();
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        if (body!["watermark"] is { } watermark) Watermark = watermark.GetValue<string>();
        return body["activities"]!.AsArray().Select(a => a!.AsObject()).ToArray();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, JsonObject? body)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (Token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return await http.SendAsync(request);
    }
}
