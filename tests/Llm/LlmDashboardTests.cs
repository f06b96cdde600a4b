using Microsoft.Extensions.DependencyInjection;
using PetitionBot.Bot.Llm;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Tests.Office;

namespace PetitionBot.Tests.Llm;

/// <summary>The office dashboard counts the model's calls and tokens, and says nothing of a model that is not configured.</summary>
public class LlmDashboardTests
{
    [Fact]
    public async Task The_dashboard_shows_the_models_calls_tokens_and_latency()
    {
        await using var app = new OfficeApp
        {
            Settings = { ["Llm:Provider"] = "OpenAI", ["Llm:Endpoint"] = "http://127.0.0.1:9/v1", ["Llm:Model"] = "test-model" },
        };
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Leader));
        var usage = app.Services.GetRequiredService<LlmUsage>();
        usage.Answered(1200, 300, 40);
        usage.Answered(800, 200, 60);
        usage.Failed(3500);

        var html = await client.GetStringAsync("/office/dashboard");
        Assert.Contains("id=\"kpi-llm-used\">2<", html);
        Assert.Contains("id=\"kpi-llm-failed\">1 / 0<", html);
        Assert.Contains("id=\"kpi-llm-tokens\">500 + 100<", html);
        Assert.Contains("id=\"kpi-llm-ms\">1833 毫秒<", html);
    }

    [Fact]
    public async Task Without_a_model_the_dashboard_has_no_model_figures()
    {
        await using var app = new OfficeApp();
        var client = await app.SignInAsync(await app.CreateUserAsync(OfficeRole.Leader));
        Assert.DoesNotContain("llm-kpis", await client.GetStringAsync("/office/dashboard"));
    }
}
