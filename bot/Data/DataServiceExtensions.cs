using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PetitionBot.Bot.Data;

public static class DataServiceExtensions
{
    public const string ConnectionName = "Petitions";
    private const string DefaultSqlite = "Data Source=data/petitionbot.db";

    /// <summary>The SQLite connection string the bot uses (ConnectionStrings:Petitions, or the file under data/).</summary>
    internal static string SqliteConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionName) ?? DefaultSqlite;

    public static IHostApplicationBuilder AddPetitionDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .Bind(builder.Configuration.GetSection(DatabaseOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Contexts are pooled: a fresh one per request cost more than a chat message's queries (internal services, model lookup).
        // The model is compiled (Data/CompiledModels, `bot/Data/CompiledModels/regenerate.sh`): building it from the
        // entity configurations took about a third of a start (docs/benchmarks.md, "Cold start"); CompiledModelTests
        // fail when it no longer matches them.
        var provider = builder.Configuration[$"{DatabaseOptions.Section}:Provider"] ?? "Sqlite";
        var connection = builder.Configuration.GetConnectionString(ConnectionName);
        var isPostgres = string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase);
        if (isPostgres)
        {
            // appsettings.json ships a SQLite string; left in place it would reach Npgsql and fail obscurely.
            if (string.IsNullOrWhiteSpace(connection) || connection.TrimStart().StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException(
                    "Database:Provider=Postgres needs ConnectionStrings:Petitions (an Npgsql connection string), e.g. ConnectionStrings__Petitions=\"Host=db;Database=petitionbot;Username=bot;Password=…\".");
            builder.Services.AddDbContextPool<PetitionDbContext, PostgresPetitionDbContext>(o => o.UseNpgsql(connection)
                .UseModel(CompiledModels.Postgres.PostgresPetitionDbContextModel.Instance));
        }
        else
        {
            var sqlite = SqliteConnectionString(builder.Configuration);
            // One for the database: it remembers which native connections it has set up.
            var settings = new SqliteConnectionSettings();
            // EF's own SQLite table rebuilds switch foreign keys off outside the transaction; it says so on every first start.
            builder.Services.AddDbContextPool<PetitionDbContext, SqlitePetitionDbContext>(o => o.UseSqlite(sqlite)
                .UseModel(CompiledModels.Sqlite.SqlitePetitionDbContextModel.Instance)
                .ConfigureWarnings(w => w.Ignore(RelationalEventId.NonTransactionalMigrationOperationWarning))
                .AddInterceptors(settings));
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

/// <summary>
/// Each SQLite connection, the first time it opens: busy_timeout, so a writer waits inside SQLite (sleeps of 1, 2, 5 … ms)
/// for another one's commit instead of the driver's own retry, which sleeps 150 ms; synchronous=NORMAL, so a chat turn's
/// commit (WAL, set once at start by <see cref="DatabaseInitializer"/>) survives the process being killed without waiting
/// for the disk. Both stay with the pooled native connection, and EF opens and closes it around every query and save, so
/// they are set once per native connection, not at each open (that was two statements more per query). Petition
/// submissions ask for FULL in their own transaction and set NORMAL back, so a confirmed petition survives a power cut too.
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;";
    private readonly ConditionalWeakTable<object, object> configured = new();

    private bool IsNew(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || configured.TryAdd(handle, handle);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!IsNew(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (!IsNew(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
