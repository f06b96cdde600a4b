using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Petitions.PersonalData;

namespace PetitionBot.Bench.Seed;

/// <summary>
/// `dotnet run -c Release --project bench -- seed --provider Postgres --connection "Host=…" --count 1000000`: migrates the
/// database and fills it (see <see cref="SyntheticData"/>). The ID numbers are encrypted with PersonalData__Key (or
/// --key), which the bot reading the database must be given too.
/// </summary>
internal static class SeedCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var provider = Arg("--provider") ?? "Sqlite";
        var connection = Arg("--connection") ?? "Data Source=data/petitionbot.db";
        var count = int.Parse(Arg("--count") ?? "1000000", System.Globalization.CultureInfo.InvariantCulture);
        var key = Arg("--key") ?? Environment.GetEnvironmentVariable("PersonalData__Key");
        if (string.IsNullOrWhiteSpace(key))
        {
            Console.Error.WriteLine("seed: set PersonalData__Key (base64, 32 bytes) or --key: ID numbers are encrypted as the bot encrypts them.");
            return 2;
        }
        var end = Arg("--end") is { } e ? DateTime.SpecifyKind(DateTime.Parse(e, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc) : DateTime.UtcNow;

        var contexts = Contexts(provider, connection);
        await using (var db = contexts())
        {
            if (db.Database.IsSqlite())
            {
                var folder = Path.GetDirectoryName(Path.GetFullPath(new SqliteConnectionStringBuilder(connection).DataSource));
                if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            }
            await db.Database.MigrateAsync();
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
        var protector = new PersonalDataProtector(Options.Create(new PersonalDataOptions { Key = key }));
        // --copy (PostgreSQL only): Npgsql binary COPY instead of EF batches.
        var copy = args.Contains("--copy") && string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase);
        var report = await new SyntheticData(contexts, protector, Console.WriteLine, copy).FillAsync(new SeedOptions(count, end));
        Console.WriteLine($"{report.Rows:N0} rows ({report.Petitions:N0} petitions, {report.Repeats:N0} repeats, {report.Events:N0} events, " +
            $"{report.Transcript:N0} transcript lines, {report.Opinions:N0} opinions, {report.FollowUps:N0} follow-ups, {report.Escalations:N0} escalations, " +
            $"{report.Deadlines:N0} open deadlines, {report.Disputes:N0} ledger lines) by {(copy ? "COPY" : "EF batches")} in {report.Elapsed.TotalSeconds:F0} s " +
            $"= {report.Rows / report.Elapsed.TotalSeconds:N0} rows/s");
        return 0;
    }

    public static Func<PetitionDbContext> Contexts(string provider, string connection) =>
        string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase)
            ? () => new PostgresPetitionDbContext(new DbContextOptionsBuilder<PostgresPetitionDbContext>().UseNpgsql(connection).Options)
            : () => new SqlitePetitionDbContext(new DbContextOptionsBuilder<SqlitePetitionDbContext>().UseSqlite(connection).Options);
}
