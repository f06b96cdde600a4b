using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Workflow;

namespace PetitionBot.Bot.Grid;

/// <summary>
/// The ledger as JSON for a grid worker's office session, beside the pages. The POSTs need the office cookie
/// (SameSite=Strict) and a JSON body, which a page on another site can neither send with the cookie nor without a preflight.
/// </summary>
public static class GridEndpoints
{
    public sealed record Created(long Id);

    public sealed record Done(string Message);

    public sealed record DueCount(int Count);

    public sealed record Problem(string Error, string Message);

    public sealed record DisputeDetail(DisputeRow Dispute, string Summary, string? Resolution, string? Route, int Version);

    public sealed record GridStatsDto(string Period, IReadOnlyList<GridFigures> Grids);

    public static RouteGroupBuilder MapGridLedger(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/office/grid").RequireAuthorization(OfficeAuth.GridPolicy).WithTags("Grid");
        group.MapGet("/disputes", async (ClaimsPrincipal user, DisputeLedger ledger, CancellationToken ct) =>
            TypedResults.Ok(await ledger.ListAsync(OfficeActor.Require(user), ct)));
        group.MapGet("/disputes/{id:long}", GetAsync);
        group.MapPost("/disputes", RecordAsync);
        group.MapPost("/disputes/{id:long}/steps", async (long id, DisputeStep step, ClaimsPrincipal user, DisputeLedger ledger, CancellationToken ct) =>
            Answer(await ledger.StepAsync(OfficeActor.Require(user), id, step, ct)));
        group.MapGet("/due", async (ClaimsPrincipal user, DisputeLedger ledger, CancellationToken ct) =>
            TypedResults.Ok(new DueCount(await ledger.DueCountAsync(OfficeActor.Require(user), ct))));

        // The figures by grid and unit are for the desk (supervisors, leaders, units), not for the grid workers.
        app.MapGroup("/api/office/grids").RequireAuthorization(OfficeAuth.DeskPolicy).WithTags("Grid")
            .MapGet("/stats", async (string? period, ClaimsPrincipal user, GridStats stats, CancellationToken ct) =>
            {
                var (label, rows) = await stats.ComputeAsync(period, OfficeActor.Require(user), ct);
                return TypedResults.Ok(new GridStatsDto(label, rows));
            });
        return group;
    }

    private static async Task<Results<Ok<DisputeDetail>, NotFound<Problem>, ForbidHttpResult>> GetAsync(
        long id, ClaimsPrincipal user, DisputeLedger ledger, CancellationToken ct)
    {
        var (outcome, d) = await ledger.FindAsync(OfficeActor.Require(user), id, ct);
        return outcome switch
        {
            WorkflowOutcome.Ok => TypedResults.Ok(new DisputeDetail(DisputeLedger.ToRow(d!, ledger.Today), d!.Summary, d.Resolution, d.Route, d.Version)),
            WorkflowOutcome.Forbidden => TypedResults.Forbid(),
            _ => TypedResults.NotFound(new Problem("not_found", "未找到该台账记录。")),
        };
    }

    private static async Task<Results<Created<Created>, BadRequest<Problem>, ForbidHttpResult>> RecordAsync(
        DisputeInput input, ClaimsPrincipal user, DisputeLedger ledger, CancellationToken ct)
    {
        var (result, id) = await ledger.RecordAsync(OfficeActor.Require(user), input, ct);
        return result.Outcome switch
        {
            WorkflowOutcome.Ok => TypedResults.Created($"/api/office/grid/disputes/{id}", new Created(id!.Value)),
            WorkflowOutcome.Forbidden => TypedResults.Forbid(),
            _ => TypedResults.BadRequest(new Problem("invalid", result.Message)),
        };
    }

    private static Results<Ok<Done>, NotFound<Problem>, Conflict<Problem>, BadRequest<Problem>, ForbidHttpResult> Answer(WorkflowResult result) =>
        result.Outcome switch
        {
            WorkflowOutcome.Ok => TypedResults.Ok(new Done(result.Message)),
            WorkflowOutcome.NotFound => TypedResults.NotFound(new Problem("not_found", result.Message)),
            WorkflowOutcome.Forbidden => TypedResults.Forbid(),
            WorkflowOutcome.Conflict => TypedResults.Conflict(new Problem("conflict", result.Message)),
            _ => TypedResults.BadRequest(new Problem("invalid", result.Message)),
        };
}
