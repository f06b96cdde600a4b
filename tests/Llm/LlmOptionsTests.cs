using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace PetitionBot.Tests.Llm;

public class LlmOptionsTests
{
    private static string StartFailure(params (string Key, string Value)[] settings)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Knowledge:IndexPath", PetitionBot.Tests.Support.SharedIndex.Folder);
            foreach (var (key, value) in settings) b.UseSetting(key, value);
        });
        var ex = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        return (ex as OptionsValidationException ?? ex.InnerException as OptionsValidationException ?? throw ex).Message;
    }

    [Fact]
    public void An_unknown_provider_stops_the_start_naming_the_choices()
    {
        var message = StartFailure(("Llm:Provider", "DeepSeek"));
        Assert.Contains("Llm:Provider = 'DeepSeek'", message);
        Assert.Contains("None", message);
        Assert.Contains("AzureOpenAI", message);
    }

    [Fact]
    public void An_openai_provider_without_endpoint_and_model_names_both()
    {
        var message = StartFailure(("Llm:Provider", "OpenAI"), ("Llm:Timeout", "00:10:00"));
        Assert.Contains("Llm:Endpoint must be set", message);
        Assert.Contains("http://localhost:11434/v1", message);
        Assert.Contains("Llm:Model must be set", message);
        Assert.Contains("Llm:Timeout", message);
    }

    [Fact]
    public void Azure_needs_a_key()
    {
        var message = StartFailure(("Llm:Provider", "azureopenai"), ("Llm:Endpoint", "https://x.openai.azure.com/"), ("Llm:Model", "gpt-4o-mini"));
        Assert.Contains("Llm:ApiKey must be set", message);
    }
}
