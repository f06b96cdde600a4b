namespace PetitionBot.Bot.Conversation;

// Placeholder until the feature lands: keeps Program.cs stable while features are built in parallel.
public static class ConversationExtensions
{
    public static IHostApplicationBuilder AddConversation(this IHostApplicationBuilder builder) => builder;
    public static IEndpointRouteBuilder MapChat(this IEndpointRouteBuilder app) => app;
}
