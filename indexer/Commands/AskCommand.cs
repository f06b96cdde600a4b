using System.CommandLine;
using System.Text.Json;

namespace PetitionBot.Indexer.Commands;

internal static class AskCommand
{
    public static Command Create()
    {
        var question = new Argument<string>("question") { Description = "问题，如 信访事项多长时间办结" };
        var command = new Command("ask", "回答一个问题（附引用和法律途径）");
        command.Arguments.Add(question);
        command.Options.Add(CommonOptions.Json);
        CommonOptions.AddTo(command);
        command.SetAction(result =>
        {
            using var kb = CommonOptions.Open(CommonOptions.Read(result));
            var answer = kb.Ask(result.GetValue(question)!);
            if (result.GetValue(CommonOptions.Json))
            {
                Console.WriteLine(JsonSerializer.Serialize(answer, SearchCommand.JsonOut));
                return 0;
            }
            Console.WriteLine(answer.Answer);
            foreach (var c in answer.Citations) Console.WriteLine($"  引用：《{c.Document}》{c.Article}");
            foreach (var r in answer.Routes) Console.WriteLine($"  途径：{r.Id} {r.Name}");
            return 0;
        });
        return command;
    }
}
