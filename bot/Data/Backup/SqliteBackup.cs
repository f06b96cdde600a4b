using Microsoft.Data.Sqlite;

namespace PetitionBot.Bot.Data.Backup;

/// <summary>
/// Copies of the SQLite database through SQLite's online backup API: consistent while the bot keeps writing (WAL lets
/// the copy read a snapshot without stopping writers), unlike copying the file, which can catch it between a commit
/// and its checkpoint.
/// </summary>
public static class SqliteBackup
{
    /// <summary>Writes a complete, self-contained copy (no -wal file needed) to <paramref name="file"/>, which must not exist.</summary>
    public static void Backup(string connectionString, string file)
    {
        var target = Path.GetFullPath(file);
        if (File.Exists(target)) throw new BackupException($"备份文件已存在，不会覆盖：{target}");
        var source = Source(connectionString);
        if (!File.Exists(source)) throw new BackupException($"找不到数据库文件：{source}");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);

        // Written beside the target and renamed at the end: an interrupted backup never looks like a finished one.
        var partial = target + ".partial";
        File.Delete(partial);
        try
        {
            using (var from = Open(source, SqliteOpenMode.ReadOnly))
            using (var to = Open(partial, SqliteOpenMode.ReadWriteCreate))
            {
                from.BackupDatabase(to);
                // The copy takes the source's WAL mode; a backup file is easier to move around as one file.
                Execute(to, "PRAGMA journal_mode=DELETE;");
                Check(to, partial);
            }
            SqliteConnection.ClearAllPools();
            File.Move(partial, target);
        }
        catch
        {
            SqliteConnection.ClearAllPools();
            File.Delete(partial);
            throw;
        }
    }

    /// <summary>
    /// Puts a backup in place of the database named by <paramref name="connectionString"/>, with the bot stopped. An
    /// existing database is replaced only when <paramref name="force"/> says so.
    /// </summary>
    public static void Restore(string file, string connectionString, bool force)
    {
        var backup = Path.GetFullPath(file);
        if (!File.Exists(backup)) throw new BackupException($"找不到备份文件：{backup}");
        var target = Source(connectionString);
        if (File.Exists(target) && !force)
            throw new BackupException($"数据库文件已存在：{target}。确认要用备份替换它（机器人须已停止），请加 --force。");

        using (var from = Open(backup, SqliteOpenMode.ReadOnly))
        {
            Check(from, backup);
            if (Scalar(from, "SELECT count(*) FROM sqlite_master WHERE name = '__EFMigrationsHistory'") == 0)
                throw new BackupException($"{backup} 不是本系统的数据库备份（没有迁移记录）。");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // A -wal or -shm left from the replaced database would be replayed over the restored pages.
        foreach (var stale in new[] { target, target + "-wal", target + "-shm" }) File.Delete(stale);
        var partial = target + ".partial";
        File.Delete(partial);
        using (var from = Open(backup, SqliteOpenMode.ReadOnly))
        using (var to = Open(partial, SqliteOpenMode.ReadWriteCreate))
        {
            from.BackupDatabase(to);
        }
        SqliteConnection.ClearAllPools();
        File.Move(partial, target);
    }

    /// <summary>The database file a SQLite connection string names, resolved like the bot resolves it (from the start directory).</summary>
    internal static string Source(string connectionString) =>
        Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);

    private static SqliteConnection Open(string file, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Check(SqliteConnection connection, string file)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        var result = command.ExecuteScalar() as string;
        if (result != "ok") throw new BackupException($"{file} 未通过完整性检查：{result}");
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>A backup or restore that cannot go ahead, with the reason for the operator.</summary>
public sealed class BackupException(string message) : Exception(message);
