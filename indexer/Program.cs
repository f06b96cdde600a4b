using System.CommandLine;
using PetitionBot.Indexer.Commands;

var root = new RootCommand("PetitionBot 知识库工具：建索引、检索、问答、评测");
root.Subcommands.Add(BuildCommand.Create());
root.Subcommands.Add(SearchCommand.Create());
root.Subcommands.Add(AskCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
return root.Parse(args).Invoke();
