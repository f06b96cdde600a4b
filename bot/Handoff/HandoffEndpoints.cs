using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PetitionBot.Bot.Office.Auth;

namespace PetitionBot.Bot.Handoff;

/// <summary>
/// The inbox as JSON for an office session. The POSTs need the office cookie (SameSite=Strict) and a JSON body, which a
/// page on another site can neither send with the cookie nor without a CORS preflight.
/// </summary>
public static class HandoffEndpoints
{
    public sealed record ReplyRequest(string? Text);

    public sealed record ReplyAccepted(long Id);

    public sealed record Problem(string Error, string Message);

    public static RouteGroupBuilder MapHandoffs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/office/handoffs").RequireAuthorization(OfficeAuth.HandoffPolicy).WithTags("Handoff");
        group.MapGet("/", async (HandoffInbox inbox, CancellationToken ct) => TypedResults.Ok(await inbox.ListAsync(ct)));
        group.MapGet("/stats", async (string? period, HandoffStats stats, CancellationToken ct) =>
            TypedResults.Ok(await stats.ComputeAsync(period, ct)));
        group.MapPost("/{id:long}/take", async (long id, ClaimsPrincipal user, HandoffInbox inbox, CancellationToken ct) =>
            Answer(await inbox.TakeAsync(id, OfficeActor.Require(user), ct)));
        group.MapPost("/{id:long}/messages", async (long id, ReplyRequest body, ClaimsPrincipal user, HandoffInbox inbox, CancellationToken ct) =>
            Answer(await inbox.ReplyAsync(id, OfficeActor.Require(user), body.Text, ct)));
        group.MapPost("/{id:long}/close", async (long id, ClaimsPrincipal user, HandoffInbox inbox, CancellationToken ct) =>
            Answer(await inbox.CloseAsync(id, OfficeActor.Require(user), ct)));
        return group;
    }

    private static Results<Ok<ReplyAccepted>, NotFound<Problem>, Conflict<Problem>, BadRequest<Problem>> Answer(HandoffResult result) =>
        result.Step switch
        {
            HandoffStep.Done => TypedResults.Ok(new ReplyAccepted(result.MessageId ?? 0)),
            HandoffStep.NotFound => TypedResults.NotFound(new Problem("not_found", result.Message)),
            HandoffStep.Invalid => TypedResults.BadRequest(new Problem("invalid", result.Message)),
            _ => TypedResults.Conflict(new Problem(result.Step == HandoffStep.Closed ? "closed" : "taken", result.Message)),
        };
}
