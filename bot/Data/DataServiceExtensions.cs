using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace PetitionBot.Bot.Data;

public static class DataServiceExtensions
{
    public const string ConnectionName = "Petitions";
    private const string DefaultSqlite = "Data Source=data/petitionbot.db";

    public static IHostApplicationBuilder AddPetitionDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .Bind(builder.Configuration.GetSection(DatabaseOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var provider = builder.Configuration[$"{DatabaseOptions.Section}:Provider"] ?? "Sqlite";
        var connection = builder.Configuration.GetConnectionString(ConnectionName);
        builder.Services.AddDbContext<PetitionDbContext>(options =>
        {
            if (string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase))
            {
                options.UseNpgsql(connection ?? throw new InvalidOperationException(
                    "Database:Provider=Postgres needs ConnectionStrings:Petitions (an Npgsql connection string)."));
            }
            else
            {
                options.UseSqlite(connection ?? DefaultSqlite);
            }
        });
        builder.Services.AddHostedService<DatabaseInitializer>();
        return builder;
    }
}
