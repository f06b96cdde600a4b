using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Workflow;

namespace PetitionBot.Bot.CaseOwnership;

/// <summary>
/// 包保 as JSON beside the pages. The writes need the office cookie (SameSite=Strict) and a JSON body, which a page on
/// another site can neither send with the cookie nor without a CORS preflight.
/// </summary>
public static class CaseEndpoints
{
    public sealed record CaseDetail(
        long PetitionId, string TrackingNo, bool IsRepeat, bool RepeatGovernance, bool Eligible, CaseRow? Case,
        IReadOnlyList<PlanStepRow> Plan, IReadOnlyList<ProgressRow> Progress);

    public sealed record Done(string Message);

    public sealed record Created(long Id);

    public sealed record Problem(string Error, string Message);

    public static RouteGroupBuilder MapCases(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/office/cases").RequireAuthorization(OfficeAuth.CasesPolicy).WithTags("Cases");

        // ?stale=true: only the cases without progress for 7 days (the dashboard's list).
        group.MapGet("/", async (bool? stale, ClaimsPrincipal user, OwnedCases cases, CancellationToken ct) =>
            TypedResults.Ok(await cases.ListAsync(OfficeActor.Require(user), stale == true, ct)));
        group.MapGet("/{petitionId:long}", GetAsync);
        group.MapPut("/{petitionId:long}", async (long petitionId, CaseAssignment body, ClaimsPrincipal user, OwnedCases cases, CancellationToken ct) =>
            Answer(await cases.AssignAsync(OfficeActor.Require(user), petitionId, body, ct)));
        group.MapPost("/{petitionId:long}/governance", async (long petitionId, ClaimsPrincipal user, OwnedCases cases, CancellationToken ct) =>
            Answer(await cases.MarkGovernanceAsync(OfficeActor.Require(user), petitionId, ct)));
        group.MapPost("/{petitionId:long}/progress", RecordProgressAsync);
        group.MapPost("/{petitionId:long}/steps/{stepId:long}/done", async (long petitionId, long stepId, ClaimsPrincipal user, OwnedCases cases, CancellationToken ct) =>
            Answer(await cases.CompleteStepAsync(OfficeActor.Require(user), petitionId, stepId, ct)));
        group.MapPut("/{petitionId:long}/steps/{stepId:long}", async (long petitionId, long stepId, PlanStepInput body, ClaimsPrincipal user, OwnedCases cases, CancellationToken ct) =>
            Answer(await cases.ReviseStepAsync(OfficeActor.Require(user), petitionId, stepId, body, ct)));
        group.MapDelete("/{petitionId:long}/steps/{stepId:long}", async (long petitionId, long stepId, ClaimsPrincipal user, OwnedCases cases, CancellationToken ct) =>
            Answer(await cases.ReviseStepAsync(OfficeActor.Require(user), petitionId, stepId, null, ct)));
        group.MapPost("/{petitionId:long}/close", async (long petitionId, CaseClosing body, ClaimsPrincipal user, OwnedCases cases, CancellationToken ct) =>
            Answer(await cases.CloseAsync(OfficeActor.Require(user), petitionId, body.Note, ct)));
        return group;
    }

    /// <summary>化解销号: how the matter was resolved.</summary>
    public sealed record CaseClosing(string? Note);

    private static async Task<Results<Ok<CaseDetail>, NotFound<Problem>, ForbidHttpResult>> GetAsync(
        long petitionId, ClaimsPrincipal user, OwnedCases cases, CancellationToken ct)
    {
        var (outcome, view) = await cases.FindAsync(OfficeActor.Require(user), petitionId, ct);
        return outcome switch
        {
            WorkflowOutcome.Ok => TypedResults.Ok(new CaseDetail(view!.Petition.Id, view.Petition.TrackingNo, view.Petition.IsRepeat,
                view.Petition.RepeatGovernance, view.Eligible, view.Case, view.Plan, view.Progress)),
            WorkflowOutcome.Forbidden => TypedResults.Forbid(),
            _ => TypedResults.NotFound(new Problem("not_found", "未找到该信访事项。")),
        };
    }

    private static async Task<Results<Created<Created>, BadRequest<Problem>, NotFound<Problem>, ForbidHttpResult>> RecordProgressAsync(
        long petitionId, ProgressInput body, ClaimsPrincipal user, OwnedCases cases, CancellationToken ct)
    {
        var (result, id) = await cases.RecordProgressAsync(OfficeActor.Require(user), petitionId, body, ct);
        return result.Outcome switch
        {
            WorkflowOutcome.Ok => TypedResults.Created($"/api/office/cases/{petitionId}", new Created(id!.Value)),
            WorkflowOutcome.Forbidden => TypedResults.Forbid(),
            WorkflowOutcome.NotFound => TypedResults.NotFound(new Problem("not_found", "该事项尚未指定包保领导。")),
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
