using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PetitionBot.Indexer.Commands;

internal static class SearchCommand
{
    internal static readonly JsonSerializerOptions JsonOut = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    public static Command Create()
    {
        var query = new Argument<string>("query") { Description = "检索词，如 复核期限 或 民诉法第一百七十一条" };
        var top = new Option<int>("--top") { Description = "返回条数", DefaultValueFactory = _ => 5 };
        var command = new Command("search", "检索法规条文");
        command.Arguments.Add(query);
        command.Options.Add(top);
        command.Options.Add(CommonOptions.Json);
        CommonOptions.AddTo(command);
        command.SetAction(result =>
        {
            using var kb = CommonOptions.Open(CommonOptions.Read(result));
            var hits = kb.Search(result.GetValue(query)!, result.GetValue(top));
            if (result.GetValue(CommonOptions.Json))
            {
                Console.WriteLine(JsonSerializer.Serialize(hits, JsonOut));
                return 0;
            }
            foreach (var h in hits.Hits)
                Console.WriteLine($"{h.Score,6:F2}  《{h.Document}》{h.Article}  {h.Path}\n        {Emphasis(h.Highlight, ansi: !Console.IsOutputRedirected)}");
            return 0;
        });
        return command;
    }

    /// <summary>The highlighter's &lt;em&gt; marks as bold on a terminal, as 【】 in a file or pipe; never as raw tags.</summary>
    internal static string Emphasis(string highlighted, bool ansi) => highlighted
        .Replace("</em><em>", "", StringComparison.Ordinal)
        .Replace("\n", "\n        ", StringComparison.Ordinal)
        .Replace("<em>", ansi ? "\u001b[1m" : "【", StringComparison.Ordinal)
        .Replace("</em>", ansi ? "\u001b[22m" : "】", StringComparison.Ordinal);
}
