namespace PetitionBot.Bot.Channels.WeChat;

// Placeholder until the feature lands: keeps Program.cs stable while features are built in parallel.
public static class WeChatExtensions
{
    public static IHostApplicationBuilder AddWeChat(this IHostApplicationBuilder builder) => builder;
    public static IEndpointRouteBuilder MapWeChat(this IEndpointRouteBuilder app) => app;
}
