using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PetitionBot.Bot.Channels.BotFramework;

public static class BotFrameworkEndpoints
{
    /// <summary>POST /api/messages: the messaging endpoint registered with the Bot Framework.</summary>
    public static RouteGroupBuilder MapBotFramework(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/messages").WithTags("BotFramework");
        group.MapPost("/", ReceiveAsync);
        return group;
    }

    internal static async Task<Results<Ok, JsonHttpResult<ExpectedReplies>, UnauthorizedHttpResult, BadRequest<string>>> ReceiveAsync(
        HttpRequest request,
        ConnectorAuthenticator authenticator,
        BotFrameworkAdapter adapter,
        CancellationToken cancellationToken)
    {
        Activity? activity;
        try
        {
            activity = await JsonSerializer.DeserializeAsync<Activity>(request.Body, ActivityJson.Options, cancellationToken);
        }
        catch (JsonException)
        {
            activity = null;
        }
        if (activity is null) return TypedResults.BadRequest("The body must be a Bot Framework activity.");

        // Nothing is read from or sent for an activity before its token checks out.
        if (!await authenticator.AuthenticateAsync(request.Headers.Authorization, activity, cancellationToken))
        {
            return TypedResults.Unauthorized();
        }
        if (string.IsNullOrEmpty(activity.Type) || string.IsNullOrEmpty(activity.Conversation?.Id))
        {
            return TypedResults.BadRequest("The activity needs a type and a conversation id.");
        }

        var replies = await adapter.ProcessAsync(activity, cancellationToken);
        return replies is null
            ? TypedResults.Ok()
            : TypedResults.Json(new ExpectedReplies(replies), ActivityJson.Options);
    }
}
