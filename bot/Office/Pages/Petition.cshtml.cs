using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Units;
using PetitionBot.Bot.Office.Workflow;
using PetitionBot.Bot.Petitions;
using PetitionBot.Knowledge;
using PetitionBot.Bot.Petitions.Clock;

namespace PetitionBot.Bot.Office.Pages;

public sealed class PetitionModel(
    PetitionFile files, PetitionWorkflow workflow, PetitionDbContext db, IKnowledgeBase knowledge, PetitionBot.Bot.Grid.DisputeFilings filings,
    Drafts.ClerkDrafts drafts, TimeProvider time)
    : OfficePageModel
{
    private static readonly PetitionStatus[] HandlingStatuses = [PetitionStatus.Accepted, PetitionStatus.InProgress, PetitionStatus.Extended];

    [FromRoute] public string TrackingNo { get; set; } = "";
    /// <summary>The version the form was rendered from: a stale or repeated submit is refused.</summary>
    [BindProperty] public Guid? Version { get; set; }

    public PetitionFileData Data { get; private set; } = null!;
    public Petition P => Data.Petition;
    public IReadOnlyList<HandlingUnit> Units { get; private set; } = [];
    public IReadOnlyList<OfficeUser> Clerks { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public string? RevealedId { get; private set; }
    public string? RevealedPhone { get; private set; }
    /// <summary>The dispute screening line this petition was filed from (代为登记), if any.</summary>
    public PetitionBot.Bot.Grid.DisputeOrigin? Origin { get; private set; }
    /// <summary>Whether 「生成草稿」 is offered: only with a model configured.</summary>
    public bool CanSuggest => drafts.Enabled;
    /// <summary>The model's draft for this request only; shown to edit, never stored.</summary>
    public Drafts.ClerkDraft? Suggestion { get; private set; }
    public bool SuggestionFailed { get; private set; }
    /// <summary>「起草处理意见书」's draft, filled into the opinion form's boxes; saved only if the clerk submits them.</summary>
    public Drafts.OpinionDraft? OpinionSuggestion { get; private set; }
    /// <summary>Why there is no opinion draft, in a few Chinese words; the clerk writes as before.</summary>
    public string? OpinionSuggestionFailure { get; private set; }
    /// <summary>The outcome the opinion form shows chosen: the one the draft was asked for, else 予以支持.</summary>
    public OpinionOutcome DraftOutcome { get; private set; } = OpinionOutcome.Support;
    /// <summary>What the clerk had typed in the opinion boxes before asking for a draft: kept when no draft comes.</summary>
    public string? TypedText { get; private set; }
    public string? TypedLegalBasis { get; private set; }
    public OpinionStage DraftStage => P.Status switch
    {
        PetitionStatus.UnderReview => OpinionStage.Review,
        PetitionStatus.UnderRecheck => OpinionStage.Recheck,
        _ => OpinionStage.Handling,
    };

    public PetitionDeadline? OpenDeadline(DeadlineKind kind) => Data.Deadlines.FirstOrDefault(d => d.Kind == kind && d.ClosedUtc is null);
    public HandlingOpinion? PendingOpinion => Data.Opinions.LastOrDefault(o => o.State == OpinionState.PendingReview);
    public HandlingOpinion? ApprovedOpinion => Data.Opinions.LastOrDefault(o => o.State == OpinionState.Approved);
    public RatingEscalation? OpenEscalation => Data.Escalations.LastOrDefault(e => e.ResolvedUtc is null);
    public bool IsHandling => HandlingStatuses.Contains(P.Status);

    public bool CanAccept => (P.Status == PetitionStatus.Registered && Actor.Has(OfficeRole.Registrar))
        || (P.Status == PetitionStatus.Forwarded && Actor.Has(OfficeRole.Registrar, OfficeRole.HandlingUnit));
    public bool CanDispose => P.Status == PetitionStatus.Registered && Actor.Has(OfficeRole.Registrar);
    public bool CanObject => P.Status == PetitionStatus.Forwarded && Actor.Has(OfficeRole.HandlingUnit, OfficeRole.Registrar)
        && OpenDeadline(DeadlineKind.UnitObjection) is { } w && !PetitionClock.IsOverdue(w.DueDate, Today);
    public bool CanTransferToLegal => Actor.Has(OfficeRole.Registrar)
        && P.Status is PetitionStatus.Registered or PetitionStatus.Forwarded or PetitionStatus.Accepted or PetitionStatus.InProgress;
    public bool CanStart => P.Status == PetitionStatus.Accepted && Actor.Has(OfficeRole.Registrar, OfficeRole.HandlingUnit);
    public bool CanExtend => IsHandling && Actor.Has(OfficeRole.Registrar, OfficeRole.HandlingUnit) && OpenDeadline(DeadlineKind.Conclude) is not null;
    public bool CanDraft => PendingOpinion is null && ApprovedOpinion is null
        && ((IsHandling && Actor.Has(OfficeRole.Registrar, OfficeRole.HandlingUnit))
            || (P.Status is PetitionStatus.UnderReview or PetitionStatus.UnderRecheck && Actor.Has(OfficeRole.Registrar, OfficeRole.Supervisor)));
    public bool CanReviewOpinion => PendingOpinion is { } o && o.DraftedBy != Actor.UserName && Actor.Has(OfficeRole.Supervisor, OfficeRole.Leader);
    public bool CanReply => ApprovedOpinion is not null && Actor.Has(OfficeRole.Registrar, OfficeRole.HandlingUnit, OfficeRole.Supervisor);
    public bool CanRequestReview => P.Status is PetitionStatus.Replied or PetitionStatus.Concluded && Actor.Has(OfficeRole.Registrar)
        && (OpenDeadline(DeadlineKind.ReviewRequest) ?? OpenDeadline(DeadlineKind.RecheckRequest)) is not null;
    public bool CanFollowUp => OpenDeadline(DeadlineKind.FollowUp) is not null && Actor.Has(OfficeRole.Registrar, OfficeRole.HandlingUnit, OfficeRole.Supervisor);
    public bool CanResolve => OpenEscalation is { } e && (e.Level == 1 ? Actor.Has(OfficeRole.HandlingUnit, OfficeRole.Supervisor) : Actor.Has(OfficeRole.Leader));
    public bool CanConclude => P.Status == PetitionStatus.Replied && Actor.Has(OfficeRole.Registrar);
    public bool CanClose => P.Status is PetitionStatus.Replied or PetitionStatus.Concluded && Actor.Has(OfficeRole.Registrar, OfficeRole.Supervisor);
    public bool CanReassign => !PetitionRules.IsFinished(P.Status) && Actor.Has(OfficeRole.Registrar, OfficeRole.Supervisor);

    public string RouteName(string id) => knowledge.Routes.FirstOrDefault(r => r.Id == id)?.Name ?? id;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(ct);

    public async Task<IActionResult> OnPostRevealAsync(CancellationToken ct)
    {
        var (result, id, phone) = await files.RevealAsync(TrackingNo, Actor, ct);
        if (result == RevealResult.NotFound) return NotFound();
        if (result == RevealResult.Forbidden) return Forbid();
        RevealedId = id;
        RevealedPhone = phone;
        return await ShowAsync(ct);
    }

    /// <summary>「生成草稿」: changes nothing, so it needs no version; the page is shown again with the draft.</summary>
    public async Task<IActionResult> OnPostSuggestAsync(CancellationToken ct)
    {
        var page = await ShowAsync(ct);
        if (page is not Microsoft.AspNetCore.Mvc.RazorPages.PageResult || !drafts.Enabled) return page;
        Suggestion = await drafts.DraftAsync(P, Units, ct);
        SuggestionFailed = Suggestion is null;
        return page;
    }

    /// <summary>
    /// 「起草处理意见书」: only for whoever may write the opinion now; changes nothing, so it needs no version. The page
    /// comes back with the draft in the form's boxes, or a note why there is none.
    /// </summary>
    public async Task<IActionResult> OnPostSuggestOpinionAsync(OpinionOutcome outcome, string? text, string? legalBasis, CancellationToken ct)
    {
        var page = await ShowAsync(ct);
        if (page is not Microsoft.AspNetCore.Mvc.RazorPages.PageResult || !drafts.Enabled) return page;
        if (!CanDraft) return Forbid();
        DraftOutcome = Enum.IsDefined(outcome) ? outcome : OpinionOutcome.Support;
        (TypedText, TypedLegalBasis) = (text, legalBasis);
        var result = await drafts.DraftOpinionAsync(P, DraftStage, DraftOutcome, Data.Timeline, ct);
        OpinionSuggestion = result.Draft;
        OpinionSuggestionFailure = result.Failure;
        return page;
    }

    public Task<IActionResult> OnPostAcceptAsync(CancellationToken ct) => Do(workflow.AcceptAsync(TrackingNo, Actor, Version, ct));
    public Task<IActionResult> OnPostDeclineAsync(string? reason, CancellationToken ct) => Do(workflow.DeclineAsync(TrackingNo, Actor, Version, reason, ct));
    public Task<IActionResult> OnPostForwardAsync(long unitId, string? mode, CancellationToken ct) =>
        Do(workflow.ForwardAsync(TrackingNo, Actor, Version, unitId, mode == "assign", ct));
    public Task<IActionResult> OnPostObjectAsync(string? reason, CancellationToken ct) => Do(workflow.ObjectAsync(TrackingNo, Actor, Version, reason, ct));
    public Task<IActionResult> OnPostLegalAsync(long unitId, string? note, CancellationToken ct) =>
        Do(workflow.TransferToLegalAsync(TrackingNo, Actor, Version, unitId, note, ct));
    public Task<IActionResult> OnPostStartAsync(CancellationToken ct) => Do(workflow.StartAsync(TrackingNo, Actor, Version, ct));
    public Task<IActionResult> OnPostExtendAsync(int days, string? reason, string? approvedBy, CancellationToken ct) =>
        Do(workflow.ExtendAsync(TrackingNo, Actor, Version, days, reason, approvedBy, ct));
    public Task<IActionResult> OnPostDraftAsync(OpinionOutcome outcome, string? text, string? legalBasis, CancellationToken ct) =>
        Do(workflow.DraftOpinionAsync(TrackingNo, Actor, Version, outcome, text, legalBasis, ct));
    public Task<IActionResult> OnPostReviewOpinionAsync(long opinionId, string? decision, string? comment, CancellationToken ct) =>
        Do(workflow.ReviewOpinionAsync(TrackingNo, Actor, Version, opinionId, decision == "approve", comment, ct));
    public Task<IActionResult> OnPostReplyAsync(CancellationToken ct) => Do(workflow.ReplyAsync(TrackingNo, Actor, Version, ct));
    public Task<IActionResult> OnPostRequestReviewAsync(string? note, CancellationToken ct) =>
        Do(workflow.RequestReviewAsync(TrackingNo, Actor, Version, note, ct));
    public Task<IActionResult> OnPostFollowUpAsync(string? result, PetitionRating rating, CancellationToken ct) =>
        Do(workflow.RecordFollowUpAsync(TrackingNo, Actor, Version, result, rating, ct));
    public Task<IActionResult> OnPostResolveAsync(string? resolution, CancellationToken ct) =>
        Do(workflow.ResolveEscalationAsync(TrackingNo, Actor, Version, resolution, ct));
    public Task<IActionResult> OnPostConcludeAsync(CancellationToken ct) => Do(workflow.ConcludeAsync(TrackingNo, Actor, Version, ct));
    public Task<IActionResult> OnPostCloseAsync(CancellationToken ct) => Do(workflow.CloseAsync(TrackingNo, Actor, Version, ct));
    public Task<IActionResult> OnPostReassignAsync(string? clerk, string? note, CancellationToken ct) =>
        Do(workflow.ReassignAsync(TrackingNo, Actor, Version, clerk, note, ct));

    private async Task<IActionResult> Do(Task<WorkflowResult> step)
    {
        var result = await step;
        return Outcome(result, () => Redirect($"/office/petitions/{Uri.EscapeDataString(TrackingNo)}"));
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        var file = await files.LoadAsync(TrackingNo, Actor, ct);
        if (file is null) return NotFound();
        if (!Actor.CanSee(file.Petition) && !await Handoff.HandoffInbox.TookPartAsync(db, Actor, TrackingNo, ct)
            && !await PetitionBot.Bot.Grid.DisputeFilings.FiledFromGridAsync(db, Actor, TrackingNo, ct)) return Forbid();
        Data = file;
        Origin = await filings.OriginAsync(TrackingNo, ct);
        Today = ChinaTime.Today(time);
        Units = await db.Set<HandlingUnit>().AsNoTracking().Where(u => u.Active).OrderBy(u => u.Name).ToListAsync(ct);
        Clerks = await db.Set<OfficeUser>().AsNoTracking()
            .Where(u => u.Active && (u.Role == OfficeRole.Registrar || u.Role == OfficeRole.Supervisor))
            .OrderBy(u => u.UserName).ToListAsync(ct);
        return Page();
    }
}
