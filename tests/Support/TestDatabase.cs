using Npgsql;

namespace PetitionBot.Tests.Support;

public enum Db { Sqlite, Postgres }

/// <summary>
/// A throw-away database: a SQLite file in a temp folder, or a fresh PostgreSQL database on the server named by
/// PETITIONBOT_TEST_POSTGRES (see .ci/postgres.sh). Survives bot restarts; dropped on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "PETITIONBOT_TEST_POSTGRES";
    /// <summary>"Postgres" runs the hosts that take the default provider (office, WeChat, channels) on PostgreSQL; CI does.</summary>
    public const string ProviderVariable = "PETITIONBOT_TEST_PROVIDER";

    public static Db DefaultKind => Environment.GetEnvironmentVariable(ProviderVariable) == "Postgres" ? Db.Postgres : Db.Sqlite;

    private TestDatabase(Db kind, string folder, string connectionString, string? postgresName)
    {
        Kind = kind;
        Folder = folder;
        ConnectionString = connectionString;
        _postgresName = postgresName;
    }

    private readonly string? _postgresName;

    public Db Kind { get; }
    /// <summary>Temp folder for this test (SQLite file, knowledge index).</summary>
    public string Folder { get; }
    public string ConnectionString { get; }
    public string Provider => Kind == Db.Postgres ? "Postgres" : "Sqlite";

    public static TestDatabase Create(Db kind)
    {
        var folder = Path.Combine(Path.GetTempPath(), "petitionbot-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        if (kind == Db.Sqlite)
            return new TestDatabase(kind, folder, $"Data Source={Path.Combine(folder, "petitions.db")}", null);

        var server = Environment.GetEnvironmentVariable(PostgresVariable)
            ?? throw new InvalidOperationException($"{PostgresVariable} is not set; PostgreSQL tests should have been skipped.");
        var name = "pbt_" + Guid.NewGuid().ToString("N")[..16];
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(kind, folder, builder.ConnectionString, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            var admin = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(PostgresVariable)!) { Database = "postgres", Pooling = false };
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open on some platforms; the temp folder is cleaned up eventually.
        }
    }
}

/// <summary>A fact that runs only when PETITIONBOT_TEST_POSTGRES names a PostgreSQL server (CI starts one with .ci/postgres.sh).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)))
            Skip = $"Set {TestDatabase.PostgresVariable} to an Npgsql connection string to run the PostgreSQL variant (.ci/postgres.sh pg_start).";
    }
}

/// <summary>A theory that runs only when PETITIONBOT_TEST_POSTGRES is set.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)))
            Skip = $"Set {TestDatabase.PostgresVariable} to an Npgsql connection string to run the PostgreSQL variant (.ci/postgres.sh pg_start).";
    }
}
