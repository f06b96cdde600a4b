using PetitionBot.Bot.Bureau;
using PetitionBot.Bot.Channels.BotFramework;
using PetitionBot.Bot.Channels.DirectLine;
using PetitionBot.Bot.Channels.WeChat;
using PetitionBot.Bot.Conversation;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Handoff;
using PetitionBot.Bot.Hosting;
using PetitionBot.Bot.Knowledge;
using PetitionBot.Bot.Llm;
using PetitionBot.Bot.Notifications;
using PetitionBot.Bot.Office;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Web;

var builder = WebApplication.CreateBuilder(StartFolders.Options(args));

builder.Services.AddSingleton(TimeProvider.System);
builder.AddErrorResponses();

builder.AddBureau();
builder.AddProxyHeaders();
builder.AddKnowledge();
builder.AddLlm();
builder.AddPetitionDatabase();
builder.AddPetitions();
builder.AddConversation();
builder.AddHandoff();
builder.AddNotifications();
builder.AddWeChat();
builder.AddBotFramework();
builder.AddDirectLine();
builder.AddOffice();
builder.Services.AddWebPage();

var app = builder.Build();

app.UseProxyHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseBodyLimits();
app.UseOffice();

app.MapHealth();
app.MapKnowledge();
app.MapChat();
app.MapPetitions();
app.MapWeChat();
app.MapBotFramework();
app.MapDirectLine();
app.MapOffice();
app.MapHandoff();
app.MapWebPage();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
