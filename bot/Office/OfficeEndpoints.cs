using PetitionBot.Bot.Petitions.PersonalData;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Audit;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Dashboard;
using PetitionBot.Bot.Office.Deadlines;
using PetitionBot.Bot.Office.Export;
using PetitionBot.Bot.Office.Queue;
using PetitionBot.Bot.Office.Workflow;
using System.Security.Claims;
using PetitionBot.Bot.Petitions.Clock;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Status;

namespace PetitionBot.Bot.Office;

/// <summary>Read-only JSON for the office (changes go through the antiforgery-protected forms of the pages).</summary>
public static class OfficeEndpoints
{
    public sealed record MeDto(string UserName, string DisplayName, string Role, long? UnitId, long? GridId);

    public sealed record PetitionDto(
        string TrackingNo, string Status, string StatusText, string PetitionerName, string IdNumberMasked, string PhoneMasked,
        string Address, string Locality, string? ConcernedUnit, string Category, string Field, string Request, string FactsAndReasons,
        string ReceivedDate, string? DueDate, string? Unit, string? Clerk, bool IsRepeat, bool IsFirstPetition, bool LitigationRelated,
        string Rating, IReadOnlyList<TimelineDto> Timeline, IReadOnlyList<DeadlineDto> Deadlines, IReadOnlyList<RelatedPetition> Related,
        string Source, string? ReceivedBy);

    public sealed record TimelineDto(string At, string Action, string Actor, string? From, string? To, string? Note, string? DueDate);

    public sealed record DeadlineDto(string Kind, string Label, string Article, string StartDate, string DueDate, bool Obligation, bool Open, string? ClosedNote);

    public static RouteGroupBuilder MapOfficeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/office").RequireAuthorization(OfficeAuth.StaffPolicy).WithTags("Office");

        group.MapGet("/me", (ClaimsPrincipal user) =>
        {
            var a = OfficeActor.Require(user);
            return TypedResults.Ok(new MeDto(a.UserName, a.DisplayName, a.Role.ToString(), a.UnitId, a.GridId));
        });

        group.MapGet("/petitions", async (QueueFilter filter, ClaimsPrincipal user, PetitionQueue queue, CancellationToken ct) =>
            TypedResults.Ok(await queue.ListAsync(filter, OfficeActor.Require(user), ct)))
            .RequireAuthorization(OfficeAuth.DeskPolicy);

        group.MapGet("/petitions/{trackingNo}", GetPetitionAsync);

        group.MapGet("/dashboard", async (string? period, ClaimsPrincipal user, DashboardStats stats, CancellationToken ct) =>
            TypedResults.Ok(await stats.ComputeAsync(period, OfficeActor.Require(user), ct)))
            .RequireAuthorization(OfficeAuth.DeskPolicy);

        // Streamed: the download starts at once and the server never holds the whole workbook (issue 24: 100,000 rows).
        group.MapGet("/export.xlsx", (QueueFilter filter, ClaimsPrincipal user, QueueExport export, CancellationToken ct) =>
            TypedResults.Stream(body => export.ExportAsync(filter, OfficeActor.Require(user), body, ct), QueueExport.ContentType, export.FileName()))
            .RequireAuthorization(OfficeAuth.DeskPolicy);

        group.MapGet("/alerts", async (PetitionDbContext db, CancellationToken ct) =>
                TypedResults.Ok(await db.Set<DeadlineAlert>().AsNoTracking().Where(a => a.AcknowledgedUtc == null)
                    .OrderByDescending(a => a.Overdue).ThenBy(a => a.DueDate).Take(200).ToListAsync(ct)))
            .RequireAuthorization(OfficeAuth.SupervisorPolicy);

        group.MapGet("/audit", async (string? subject, PetitionDbContext db, CancellationToken ct) =>
            {
                var q = db.Set<AuditEntry>().AsNoTracking();
                if (!string.IsNullOrWhiteSpace(subject)) q = q.Where(a => a.Subject == subject);
                return TypedResults.Ok(await q.OrderByDescending(a => a.Id).Take(500).ToListAsync(ct));
            })
            .RequireAuthorization(OfficeAuth.SupervisorPolicy);

        return group;
    }

    private static async Task<Results<Ok<PetitionDto>, NotFound, ForbidHttpResult>> GetPetitionAsync(
        string trackingNo, ClaimsPrincipal user, PetitionFile files, PetitionDbContext db, CancellationToken ct)
    {
        var actor = OfficeActor.Require(user);
        var file = await files.LoadAsync(trackingNo, actor, ct);
        if (file is null) return TypedResults.NotFound();
        var p = file.Petition;
        if (!actor.CanSee(p) && !await Handoff.HandoffInbox.TookPartAsync(db, actor, p.TrackingNo, ct)
            && !await Grid.DisputeFilings.FiledFromGridAsync(db, actor, p.TrackingNo, ct)) return TypedResults.Forbid();
        return TypedResults.Ok(new PetitionDto(
            p.TrackingNo, p.Status.ToString(), PetitionStatusText.Label(p.Status), p.PetitionerName, p.IdNumberMasked, Masking.MaskPhone(p.Phone),
            p.Address, p.Locality, p.ConcernedUnit, PetitionStatusText.Label(p.Category), p.Field, p.Request, p.FactsAndReasons,
            PetitionClock.Format(p.ReceivedUtc), p.DueUtc is null ? null : PetitionClock.Format(p.DueUtc), p.CurrentUnitName, p.AssignedClerk,
            p.IsRepeat, PetitionRules.IsFirstPetition(p), p.LitigationRelated, PetitionStatusText.Label(p.Rating),
            file.Timeline.Select(e => new TimelineDto(ChinaTime.Format(e.AtUtc), e.Action, e.Actor,
                e.FromStatus is { } f ? PetitionStatusText.Label(f) : null, e.ToStatus is { } t ? PetitionStatusText.Label(t) : null, Masking.MaskText(e.Note),
                e.DueDate is { } d ? PetitionClock.Format(d) : null)).ToList(),
            file.Deadlines.Select(d => new DeadlineDto(d.Kind.ToString(), StatutoryPeriods.Label(d.Kind), StatutoryPeriods.Article(d.Kind),
                PetitionClock.Format(d.StartDate), PetitionClock.Format(d.DueDate), d.IsObligation, d.ClosedUtc is null, d.ClosedNote)).ToList(),
            file.Related, PetitionSources.Wire(p.Source), p.ReceivedByName));
    }
}
