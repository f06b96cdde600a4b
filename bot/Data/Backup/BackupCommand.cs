namespace PetitionBot.Bot.Data.Backup;

/// <summary>
/// The operator's verbs, run instead of the web host with the same settings (appsettings, environment, --key=value):
/// <c>backup FILE</c> while the bot runs, <c>restore FILE [--force]</c> while it is stopped. SQLite only; PostgreSQL
/// is backed up with pg_dump (ops/pg-backup.sh), see docs/operations.md.
/// </summary>
public sealed record BackupCommand(string Verb, string File, bool Force)
{
    /// <summary>The verb and its arguments, and what is left for the host's configuration; null when no verb was given.</summary>
    public static (BackupCommand Command, string[] HostArgs)? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("backup" or "restore")) return null;
        var verb = args[0];
        var file = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : "";
        var rest = args.Skip(file.Length > 0 ? 2 : 1).ToList();
        var force = rest.Remove("--force");
        return (new BackupCommand(verb, file, force), rest.ToArray());
    }

    public int Run(IConfiguration configuration, TextWriter output, TextWriter error)
    {
        if (File.Length == 0)
        {
            error.WriteLine(Verb == "backup" ? "用法：backup <备份文件>" : "用法：restore <备份文件> [--force]");
            return 2;
        }
        var provider = configuration[$"{DatabaseOptions.Section}:Provider"] ?? "Sqlite";
        if (!string.Equals(provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            error.WriteLine("PostgreSQL 请用 pg_dump / pg_restore 备份和恢复：ops/pg-backup.sh、ops/pg-restore.sh（见 docs/operations.md）。");
            return 2;
        }
        var connection = DataServiceExtensions.SqliteConnectionString(configuration);
        try
        {
            if (Verb == "backup")
            {
                SqliteBackup.Backup(connection, File);
                output.WriteLine($"已备份 {SqliteBackup.Source(connection)} → {Path.GetFullPath(File)}");
            }
            else
            {
                SqliteBackup.Restore(File, connection, Force);
                output.WriteLine($"已恢复 {Path.GetFullPath(File)} → {SqliteBackup.Source(connection)}；启动机器人即可使用。");
            }
            return 0;
        }
        catch (Exception ex) when (ex is BackupException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            error.WriteLine(ex.Message);
            return 1;
        }
    }
}
