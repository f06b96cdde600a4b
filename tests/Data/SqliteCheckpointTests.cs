using Microsoft.Data.Sqlite;
using PetitionBot.Tests.Support;

namespace PetitionBot.Tests.Data;

public class SqliteCheckpointTests
{
    [Fact]
    public async Task Within_seconds_of_a_chat_the_database_file_alone_holds_it_not_just_the_write_ahead_log()
    {
        await using var host = BotHost.Start();
        var user = "u-" + Guid.NewGuid().ToString("N")[..8];
        await host.SayAsync(user, "你好");

        // What a copy of the bare database file holds (as a file-level backup taken without the -wal file would).
        var file = Path.Combine(host.Database.Folder, "petitions.db");
        var copy = Path.Combine(host.Database.Folder, "copy.db");
        var found = false;
        for (var attempt = 0; attempt < 50 && !found; attempt++)
        {
            await Task.Delay(200);
            File.Copy(file, copy, overwrite: true);
            try
            {
                await using var connection = new SqliteConnection($"Data Source={copy};Pooling=False");
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = """SELECT count(*) FROM "Conversations" WHERE "UserId" = $user""";
                command.Parameters.AddWithValue("$user", user);
                found = Convert.ToInt64(await command.ExecuteScalarAsync()) == 1;
            }
            catch (SqliteException)
            {
                // Copied in the middle of a checkpoint: the copy is torn, take another.
            }
        }
        Assert.True(found, "the conversation never left the write-ahead log: no checkpoint copied it into the database file");
    }
}
