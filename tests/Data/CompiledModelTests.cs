using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using PetitionBot.Bot.Data;

namespace PetitionBot.Tests.Data;

/// <summary>
/// The bot starts on compiled models (bot/Data/CompiledModels). A model change without regenerating them would make
/// the bot read and write the old shape; these tests say so, with the command to run.
/// </summary>
public class CompiledModelTests
{
    private const string Regenerate = "The compiled EF Core model is out of date: run bot/Data/CompiledModels/regenerate.sh";

    [Fact]
    public void The_compiled_sqlite_model_matches_the_entity_configurations()
    {
        using var db = new SqlitePetitionDbContext(new DbContextOptionsBuilder<SqlitePetitionDbContext>()
            .UseSqlite("Data Source=:memory:")
            .UseModel(PetitionBot.Bot.Data.CompiledModels.Sqlite.SqlitePetitionDbContextModel.Instance).Options);
        AssertSameShape(db);
    }

    [Fact]
    public void The_compiled_postgres_model_matches_the_entity_configurations()
    {
        // Never connects: both models are built in memory.
        using var db = new PostgresPetitionDbContext(new DbContextOptionsBuilder<PostgresPetitionDbContext>()
            .UseNpgsql("Host=localhost;Database=compiled_model_check")
            .UseModel(PetitionBot.Bot.Data.CompiledModels.Postgres.PostgresPetitionDbContextModel.Instance).Options);
        AssertSameShape(db);
    }

    private static void AssertSameShape(PetitionDbContext db)
    {
        // The design-time model is the one migrations use: built from OnModelCreating, whatever model the context runs on.
        var fromCode = db.GetService<IDesignTimeModel>().Model;
        var compiled = db.Model;
        Assert.NotSame(fromCode, compiled);
        Assert.Contains("Petition", Shape(fromCode));
        Assert.True(Shape(fromCode) == Shape(compiled), Regenerate + "\n" + FirstDifference(Shape(fromCode), Shape(compiled)));
    }

    /// <summary>
    /// What the running bot's mapping depends on, one line per fact, in a stable order (what only migrations read, such
    /// as an index's sort order, is not in a compiled model and is checked by the migrations' own snapshot).
    /// </summary>
    private static string Shape(IModel model)
    {
        var text = new StringBuilder();
        foreach (var entity in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            text.AppendLine($"entity {entity.Name} table {entity.GetSchema()}.{entity.GetTableName()}");
            foreach (var p in entity.GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal))
                text.AppendLine($"  property {p.Name} {p.ClrType.Name} null={p.IsNullable} max={p.GetMaxLength()} " +
                    $"column={p.GetColumnName()} type={p.GetColumnType()} provider={p.GetTypeMapping().Converter?.ProviderClrType.Name} " +
                    $"generated={p.ValueGenerated} concurrency={p.IsConcurrencyToken}");
            foreach (var k in entity.GetKeys().OrderBy(k => Names(k.Properties), StringComparer.Ordinal))
                text.AppendLine($"  key {Names(k.Properties)} primary={k.IsPrimaryKey()}");
            foreach (var i in entity.GetIndexes().OrderBy(i => i.GetDatabaseName(), StringComparer.Ordinal))
                text.AppendLine($"  index {i.GetDatabaseName()} ({Names(i.Properties)}) unique={i.IsUnique} filter={i.GetFilter()}");
            foreach (var f in entity.GetForeignKeys().OrderBy(f => f.GetConstraintName(), StringComparer.Ordinal))
                text.AppendLine($"  foreign key {f.GetConstraintName()} ({Names(f.Properties)}) -> {f.PrincipalEntityType.Name} " +
                    $"delete={f.DeleteBehavior} required={f.IsRequired}");
            foreach (var n in entity.GetNavigations().OrderBy(n => n.Name, StringComparer.Ordinal))
                text.AppendLine($"  navigation {n.Name} -> {n.TargetEntityType.Name} collection={n.IsCollection}");
        }
        return text.ToString();
    }

    private static string Names(IEnumerable<IReadOnlyProperty> properties) => string.Join(",", properties.Select(p => p.Name));

    private static string FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var x = i < a.Length ? a[i] : "(nothing)";
            var y = i < b.Length ? b[i] : "(nothing)";
            if (x != y) return $"from the configurations: {x}\ncompiled:                {y}";
        }
        return "";
    }
}
