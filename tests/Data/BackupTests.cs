using System.Diagnostics;
using System.Net;
using Npgsql;
using PetitionBot.Bot.Data.Backup;
using PetitionBot.Tests.Hosting;
using PetitionBot.Tests.Petitions;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Data;

/// <summary>
/// docs/operations.md's backup and restore, as an operator runs them: a backup of a running bot, restored to a new
/// database, on which a new bot finds the petition by its tracking number and the last four phone digits.
/// </summary>
public class BackupTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_petition_in_a_backup_of_the_running_bot_is_found_after_restoring_it_to_a_new_file()
    {
        var folder = Directory.CreateTempSubdirectory("petitionbot-backup-");
        var file = Path.Combine(folder.FullName, "backup.db");
        await using (var running = BotHost.Start(Db.Sqlite))
        {
            var filed = await SubmissionTests.SubmitAsync(running, SubmissionTests.NewPetition(running, "form:backup", phone: "13900001234"));
            Assert.True(filed.Created);

            var (backupExit, backupLog) = RepositoryProcess.Run(RepositoryProcess.Root,
                new() { ["ConnectionStrings__Petitions"] = running.Database.ConnectionString }, CommandTimeout, "backup", file);
            Assert.True(backupExit == 0, backupLog);
            Assert.Contains("已备份", backupLog);
            // The bot went on serving while the copy was taken.
            Assert.Equal(HttpStatusCode.OK, (await running.Client.GetAsync("/api/petitions/XF20261125-0001?phone=1234")).StatusCode);
        }

        var restored = TestDatabase.Create(Db.Sqlite);
        var (restoreExit, restoreLog) = RepositoryProcess.Run(RepositoryProcess.Root,
            new() { ["ConnectionStrings__Petitions"] = restored.ConnectionString }, CommandTimeout, "restore", file);
        Assert.True(restoreExit == 0, restoreLog);

        await using var bot = BotHost.Open(restored);
        var response = await bot.Client.GetAsync("/api/petitions/XF20261125-0001?phone=1234");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("XF20261125-0001", await response.Content.ReadAsStringAsync());
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Restoring_over_an_existing_database_needs_force()
    {
        await using var host = BotHost.Start(Db.Sqlite);
        var file = Path.Combine(host.Database.Folder, "backup.db");
        SqliteBackup.Backup(host.Database.ConnectionString, file);

        var refused = Assert.Throws<BackupException>(() => SqliteBackup.Restore(file, host.Database.ConnectionString, force: false));

        Assert.Contains("--force", refused.Message);
    }

    [Fact]
    public async Task A_backup_never_overwrites_an_earlier_one()
    {
        await using var host = BotHost.Start(Db.Sqlite);
        var file = Path.Combine(host.Database.Folder, "backup.db");
        SqliteBackup.Backup(host.Database.ConnectionString, file);
        var written = File.GetLastWriteTimeUtc(file);

        Assert.Throws<BackupException>(() => SqliteBackup.Backup(host.Database.ConnectionString, file));
        Assert.Equal(written, File.GetLastWriteTimeUtc(file));
    }

    [PostgresFact]
    public async Task A_pg_dump_of_the_running_bot_restored_into_a_new_database_finds_the_petition()
    {
        var folder = Directory.CreateTempSubdirectory("petitionbot-pgbackup-");
        var dump = Path.Combine(folder.FullName, "petitions.dump");
        await using (var running = BotHost.Start(Db.Postgres))
        {
            await SubmissionTests.SubmitAsync(running, SubmissionTests.NewPetition(running, "form:pg-backup", phone: "13900005678"));
            var (exit, log) = Script("pg-backup.sh", Url(running.Database.ConnectionString), dump);
            Assert.True(exit == 0, log);
        }

        var restored = TestDatabase.Create(Db.Postgres);
        await CreateDatabaseAsync(restored.ConnectionString);
        var (restoreExit, restoreLog) = Script("pg-restore.sh", dump, Url(restored.ConnectionString));
        Assert.True(restoreExit == 0, restoreLog);
        // A second restore into the now full database is refused rather than mixed in.
        var (againExit, againLog) = Script("pg-restore.sh", dump, Url(restored.ConnectionString));
        Assert.NotEqual(0, againExit);
        Assert.Contains("empty database", againLog);

        await using var bot = BotHost.Open(restored);
        var response = await bot.Client.GetAsync("/api/petitions/XF20261125-0001?phone=5678");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        folder.Delete(recursive: true);
    }

    private static string Url(string npgsql)
    {
        var b = new NpgsqlConnectionStringBuilder(npgsql);
        return $"postgresql://{Uri.EscapeDataString(b.Username!)}@{b.Host}:{b.Port}/{Uri.EscapeDataString(b.Database!)}";
    }

    private static async Task CreateDatabaseAsync(string npgsql)
    {
        var name = new NpgsqlConnectionStringBuilder(npgsql).Database!;
        var admin = new NpgsqlConnectionStringBuilder(npgsql) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
    }

    private static (int ExitCode, string Log) Script(string name, params string[] args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(RepositoryProcess.Root, "ops", name));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout)) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }
}
