using PetitionBot.Bot.CaseOwnership;
using PetitionBot.Bot.Bureau;
using PetitionBot.Bot.Channels.BotFramework;
using PetitionBot.Bot.Channels.Web.DirectLine;
using PetitionBot.Bot.Channels.WeChat;
using PetitionBot.Bot.Conversation;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Grid;
using PetitionBot.Bot.Handoff;
using PetitionBot.Bot.Hosting;
using PetitionBot.Bot.Knowledge;
using PetitionBot.Bot.Llm;
using PetitionBot.Bot.Notifications;
using PetitionBot.Bot.Office;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Reception;
using PetitionBot.Bot.Channels.Web;
using PetitionBot.Bot.Telemetry;

// `backup FILE` / `restore FILE [--force]`: the operator's SQLite copies, with the bot's own settings (docs/operations.md).
if (PetitionBot.Bot.Data.Backup.BackupCommand.Parse(args) is { } verb)
{
    var settings = WebApplication.CreateBuilder(StartFolders.Options(verb.HostArgs));
    return verb.Command.Run(settings.Configuration, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(StartFolders.Options(args));

builder.Services.AddSingleton(TimeProvider.System);
builder.AddErrorResponses();
builder.AddTelemetry();

builder.AddBureau();
builder.AddProxyHeaders();
builder.AddKnowledge();
builder.AddLlm();
builder.AddPetitionDatabase();
builder.AddPetitions();
builder.AddConversation();
builder.AddHandoff();
builder.AddGrid();
builder.AddCaseOwnership();
builder.AddReception();
builder.AddNotifications();
// Channels: WeChat (with WeCom), Bot Framework, and the web (/api/chat, Direct Line, the page on "/").
builder.AddWeChat();
builder.AddBotFramework();
builder.AddChat();
builder.AddDirectLine();
builder.Services.AddWebPage();
builder.AddOffice();

var app = builder.Build();

app.UseProxyHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseBodyLimits();
app.UseOffice();

app.MapHealth();
app.MapTelemetry();
app.MapKnowledge();
app.MapPetitions();
app.MapWeChat();
app.MapBotFramework();
app.MapChat();
app.MapDirectLine();
app.MapHandoff();
app.MapGrid();
app.MapCaseOwnership();
app.MapReception();
app.MapWebPage();
app.MapOffice();

app.Run();
return 0;

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
