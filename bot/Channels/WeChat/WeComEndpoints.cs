
namespace PetitionBot.Bot.Channels.WeChat;

public static class WeComEndpoints
{
    /// <summary>
    /// The WeCom app callback: GET decrypts echostr for URL verification, POST takes encrypted messages from grid
    /// workers and answers through the same engine (channel "wecom").
    /// </summary>
    public static RouteGroupBuilder MapWeComCallback(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/wecom").ExcludeFromDescription();
        group.MapGet("/", ([FromKeyedServices(WeComNotificationSender.ChannelName)] WeChatCallback callback, HttpRequest request) =>
            callback.Verify(request));
        group.MapPost("/", ([FromKeyedServices(WeComNotificationSender.ChannelName)] WeChatCallback callback, HttpRequest request) =>
            callback.ReceiveAsync(request));
        return group;
    }
}
