using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

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

        // Contexts are pooled: a fresh one per request cost more than a chat message's queries (internal services, model lookup).
        var provider = builder.Configuration[$"{DatabaseOptions.Section}:Provider"] ?? "Sqlite";
        var connection = builder.Configuration.GetConnectionString(ConnectionName);
        var isPostgres = string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase);
        if (isPostgres)
        {
            // appsettings.json ships a SQLite string; left in place it would reach Npgsql and fail obscurely.
            if (string.IsNullOrWhiteSpace(connection) || connection.TrimStart().StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException(
                    "Database:Provider=Postgres needs ConnectionStrings:Petitions (an Npgsql connection string), e.g. ConnectionStrings__Petitions=\"Host=db;Database=petitionbot;Username=bot;Password=…\".");
            builder.Services.AddDbContextPool<PetitionDbContext, PostgresPetitionDbContext>(o => o.UseNpgsql(connection));
            builder.Services.AddSingleton(sp => new WriterContextFactory(() =>
                new PostgresPetitionDbContext(sp.GetRequiredService<DbContextOptions<PostgresPetitionDbContext>>())));
        }
        else
        {
            var sqlite = connection ?? DefaultSqlite;
            // EF's own SQLite table rebuilds switch foreign keys off outside the transaction; it says so on every first start.
            builder.Services.AddDbContextPool<PetitionDbContext, SqlitePetitionDbContext>(o => o.UseSqlite(sqlite)
                .ConfigureWarnings(w => w.Ignore(RelationalEventId.NonTransactionalMigrationOperationWarning)));
            builder.Services.AddSingleton(sp => new WriterContextFactory(() =>
                new SqlitePetitionDbContext(sp.GetRequiredService<DbContextOptions<SqlitePetitionDbContext>>())));
        }
        builder.Services.AddHostedService<DatabaseInitializer>();
        builder.Services.AddSingleton<DatabaseHealth>();
        builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
        // A failed command is reported once by whoever handles its exception (an outage once per outage, by
        // DatabaseHealth); EF's own error line per failed command would repeat it for every request.
        builder.Services.ConfigurePetitionDatabase((_, o) => o.ConfigureWarnings(w => w.Log(
            (Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandError, LogLevel.Debug),
            (Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.ConnectionError, LogLevel.Debug),
            (Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.QueryIterationFailed, LogLevel.Debug),
            (Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.SaveChangesFailed, LogLevel.Debug))));
        if (!isPostgres)
        {
            // After the initializer: the WAL switch needs the migrated file, and the checkpointer its folder (hosted services
            // start one after the other; begun earlier, its first pass failed with "unable to open database file").
            builder.Services.AddSqliteTuning();
            builder.Services.AddHostedService(sp => new SqliteCheckpointer(
                connection ?? DefaultSqlite, sp.GetRequiredService<WriteBatcher>(), sp.GetRequiredService<ILogger<SqliteCheckpointer>>()));
        }
        builder.Services.AddSingleton<WriteBatcher>();
        builder.Services.AddSingleton<HousekeepingService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HousekeepingService>());
        return builder;
    }

    /// <summary>Adds options (interceptors …) to the database whichever provider is in use.</summary>
    public static IServiceCollection ConfigurePetitionDatabase(this IServiceCollection services,
        Action<IServiceProvider, DbContextOptionsBuilder> configure)
    {
        services.ConfigureDbContext<SqlitePetitionDbContext>(configure);
        services.ConfigureDbContext<PostgresPetitionDbContext>(configure);
        return services;
    }
}
