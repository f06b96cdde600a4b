using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Tests.Office;

namespace PetitionBot.Tests.Handoff;

/// <summary>The office side of a hand-off test: an account of a role, signed in through the login form, and the inbox JSON.</summary>
internal static class HandoffOffice
{
    private static int _sequence;

    public static async Task<HttpClient> SignInAsync(WebApplicationFactory<Program> app, OfficeRole role, string displayName)
    {
        var name = "handoff" + role.ToString().ToLowerInvariant() + Interlocked.Increment(ref _sequence);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<OfficeAccounts>();
            Assert.Null(await accounts.CreateUserAsync(OfficeActor.System, name, displayName, role, null, OfficeApp.Password, CancellationToken.None));
        }
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await OfficeApp.PostLoginAsync(client, name, OfficeApp.Password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>The inbox entry whose last message contains <paramref name="text"/>, waiting a little for it to appear.</summary>
    public static async Task<JsonElement> FindAsync(HttpClient office, string text)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var json = JsonDocument.Parse(await office.GetStringAsync("/api/office/handoffs"));
            foreach (var item in json.RootElement.EnumerateArray())
            {
                if (item.GetProperty("lastText").GetString() is { } last && last.Contains(text)) return item.Clone();
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"no hand-off with '{text}' in the inbox: {json.RootElement}");
            await Task.Delay(100);
        }
    }

    public static async Task<HttpResponseMessage> ReplyAsync(HttpClient office, long id, string text) =>
        await office.PostAsJsonAsync($"/api/office/handoffs/{id}/messages", new { text });

    public static async Task<HttpResponseMessage> CloseAsync(HttpClient office, long id) =>
        await office.PostAsync($"/api/office/handoffs/{id}/close", null);
}
