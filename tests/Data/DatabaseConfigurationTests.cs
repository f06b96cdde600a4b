using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PetitionBot.Tests.Data;

public class DatabaseConfigurationTests
{
    [Fact]
    public void Postgres_without_its_connection_string_stops_start_up_naming_the_setting()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Database:Provider", "postgres");
            b.UseSetting("Knowledge:IndexPath", PetitionBot.Tests.Support.SharedIndex.Folder);
        });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("ConnectionStrings:Petitions", error.ToString());
    }
}
