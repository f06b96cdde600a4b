using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PetitionBot.Bot.Hosting;
using PetitionBot.Bot.Channels.Activities;

namespace PetitionBot.Bot.Channels.BotFramework;

public static class BotFrameworkEndpoints
{
    /// <summary>POST /api/messages: the messaging endpoint registered with the Bot Framework.</summary>
    public static RouteGroupBuilder MapBotFramework(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/messages").WithTags("BotFramework").WithBodyLimit(MaxBodyBytes);
        group.MapPost("/", ReceiveAsync);
        return group;
    }

    /// <summary>An activity with cards, entities and channel data; far more than any channel sends to a bot.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    internal static async Task<Results<Ok, JsonHttpResult<ExpectedReplies>, UnauthorizedHttpResult, BadRequest<string>>> ReceiveAsync(
        HttpRequest request,
        ConnectorAuthenticator authenticator,
        BotFrameworkAdapter adapter,
        CancellationToken cancellationToken)
    {
        // The token first: nobody gets the body parsed without one (when an AppId is configured).
        if (await authenticator.ValidateTokenAsync(request.Headers.Authorization, cancellationToken) is not { } identity)
        {
            return TypedResults.Unauthorized();
        }

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

        // Nothing is read from or sent for an activity before it matches its token.
        if (!authenticator.Authorize(identity, activity)) return TypedResults.Unauthorized();
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
