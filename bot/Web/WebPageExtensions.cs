namespace PetitionBot.Bot.Web;

// Placeholder until the web page lands.
public static class WebPageExtensions
{
    public static IEndpointRouteBuilder MapWebPage(this IEndpointRouteBuilder app) => app;
}
