using PetitionBot.Bot.Petitions.PersonalData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Workflow;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Status;
using PetitionBot.Bot.Petitions.Clock;

namespace PetitionBot.Bot.Office.Queue;

/// <summary>The queue's filters, bound from the query string by the page, the JSON API and the export alike.</summary>
public sealed class QueueFilter
{
    public PetitionStatus? Status { get; set; }
    public string? Field { get; set; }
    /// <summary>来源, by its wire name in the query string (source=letter).</summary>
    public PetitionSource? Source { get; set; }
    public long? Unit { get; set; }
    public bool Overdue { get; set; }
    public bool DueSoon { get; set; }
    public bool Repeat { get; set; }
    public bool First { get; set; }
    public bool Legal { get; set; }
    public bool Dissatisfied { get; set; }
    public bool Mine { get; set; }
    /// <summary>Tracking number, petitioner's name or phone.</summary>
    public string? Q { get; set; }
    public int Page { get; set; } = 1;

    /// <summary>Minimal-API binding from the query string (absent flags are false, bad values ignored).</summary>
    public static ValueTask<QueueFilter?> BindAsync(HttpContext context)
    {
        var q = context.Request.Query;
        static bool Flag(string? v) => bool.TryParse(v, out var b) && b;
        return ValueTask.FromResult<QueueFilter?>(new QueueFilter
        {
            Status = Enum.TryParse<PetitionStatus>(q["status"], ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null,
            Field = string.IsNullOrWhiteSpace(q["field"]) ? null : q["field"].ToString(),
            Source = PetitionSources.Parse(q["source"]),
            Unit = long.TryParse(q["unit"], out var u) ? u : null,
            Overdue = Flag(q["overdue"]),
            DueSoon = Flag(q["dueSoon"]),
            Repeat = Flag(q["repeat"]),
            First = Flag(q["first"]),
            Legal = Flag(q["legal"]),
            Dissatisfied = Flag(q["dissatisfied"]),
            Mine = Flag(q["mine"]),
            Q = string.IsNullOrWhiteSpace(q["q"]) ? null : q["q"].ToString(),
            Page = int.TryParse(q["page"], out var page) && page > 0 ? page : 1,
        });
    }

    public Dictionary<string, string?> ToRouteValues(int? page = null) => new()
    {
        ["status"] = Status?.ToString(),
        ["field"] = Field,
        ["source"] = Source is { } source ? PetitionSources.Wire(source) : null,
        ["unit"] = Unit?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["overdue"] = Overdue ? "true" : null,
        ["dueSoon"] = DueSoon ? "true" : null,
        ["repeat"] = Repeat ? "true" : null,
        ["first"] = First ? "true" : null,
        ["legal"] = Legal ? "true" : null,
        ["dissatisfied"] = Dissatisfied ? "true" : null,
        ["mine"] = Mine ? "true" : null,
        ["q"] = Q,
        ["page"] = page?.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>One queue row: what a clerk needs to decide what to do next.</summary>
public sealed record QueueRow(
    string TrackingNo,
    string PetitionerName,
    string PhoneMasked,
    string Field,
    string Category,
    string Source,
    PetitionStatus Status,
    string StatusText,
    string? Unit,
    string? Clerk,
    DateTime ReceivedUtc,
    DateTime? DueUtc,
    bool IsOverdue,
    bool IsDueSoon,
    int? DaysLeft,
    bool IsRepeat,
    bool IsFirst,
    bool LitigationRelated,
    string Rating,
    int EscalationLevel,
    bool EscalationOpen,
    string Request)
{
    public string ReceivedDate => PetitionClock.Format(ReceivedUtc);
    public string DueDate => PetitionClock.Format(DueUtc);
}

public sealed record QueuePage(IReadOnlyList<QueueRow> Rows, int Total, int Page, int PageSize);

public sealed class PetitionQueue(PetitionDbContext db, TimeProvider time, IOptions<OfficeOptions> options)
{
    public const int PageSize = 50;

    public IQueryable<Petition> Filter(QueueFilter f, OfficeActor actor)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var q = db.Petitions.AsNoTracking();
        if (actor.Role == OfficeRole.HandlingUnit) q = q.Where(p => p.HandlingUnitId == actor.UnitId);
        if (f.Status is { } s) q = q.Where(p => p.Status == s);
        if (!string.IsNullOrWhiteSpace(f.Field)) q = q.Where(p => p.Field == f.Field);
        if (f.Source is { } source) q = q.Where(p => p.Source == source);
        if (f.Unit is { } u) q = q.Where(p => p.HandlingUnitId == u);
        if (f.Overdue) q = q.Where(p => p.DueUtc != null && p.DueUtc < now);
        if (f.DueSoon)
        {
            var horizon = PetitionClock.EndOfDayUtc(ChinaTime.Today(time).AddDays(options.Value.DueSoonDays));
            q = q.Where(p => p.DueUtc != null && p.DueUtc >= now && p.DueUtc <= horizon);
        }
        if (f.Repeat) q = q.Where(p => p.IsRepeat);
        if (f.First) q = q.Where(p => !p.IsRepeat && !p.RaisedBefore);
        if (f.Legal) q = q.Where(p => p.LitigationRelated);
        if (f.Dissatisfied) q = q.Where(p => p.Rating == PetitionRating.Dissatisfied);
        if (f.Mine) q = q.Where(p => p.AssignedClerk == actor.UserName);
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var term = f.Q.Trim();
            q = q.Where(p => p.TrackingNo.Contains(term) || p.PetitionerName.Contains(term) || p.Phone.Contains(term));
        }
        return q;
    }

    /// <summary>Sorted by due date (the most urgent first); items without a running deadline last, newest first.</summary>
    public async Task<QueuePage> ListAsync(QueueFilter f, OfficeActor actor, CancellationToken ct, int? pageSize = PageSize)
    {
        var q = Filter(f, actor);
        var total = await q.CountAsync(ct);
        var ordered = q.OrderBy(p => p.DueUtc == null).ThenBy(p => p.DueUtc).ThenByDescending(p => p.ReceivedUtc);
        var page = Math.Max(1, f.Page);
        var items = pageSize is { } size
            ? await ordered.Skip((page - 1) * size).Take(size).ToListAsync(ct)
            : await ordered.ToListAsync(ct);
        var ids = items.Select(p => p.Id).ToList();
        var escalations = await db.Set<RatingEscalation>().AsNoTracking()
            .Where(e => ids.Contains(e.PetitionId))
            .GroupBy(e => e.PetitionId)
            .Select(g => new { Id = g.Key, Level = g.Max(e => e.Level), Open = g.Any(e => e.ResolvedUtc == null) })
            .ToDictionaryAsync(x => x.Id, ct);

        var today = ChinaTime.Today(time);
        var rows = items.Select(p =>
        {
            var due = p.DueUtc is { } d ? ChinaTime.ToDate(d) : (DateOnly?)null;
            escalations.TryGetValue(p.Id, out var esc);
            return new QueueRow(
                p.TrackingNo, p.PetitionerName, Masking.MaskPhone(p.Phone), p.Field, PetitionStatusText.Label(p.Category), PetitionSources.Label(p.Source), p.Status, PetitionStatusText.Label(p.Status),
                p.CurrentUnitName, p.AssignedClerk, p.ReceivedUtc, p.DueUtc,
                due is { } o && PetitionClock.IsOverdue(o, today),
                due is { } s && PetitionClock.IsDueSoon(s, today, options.Value.DueSoonDays),
                due is { } l ? PetitionClock.DaysLeft(l, today) : null,
                p.IsRepeat, PetitionRules.IsFirstPetition(p), p.LitigationRelated, PetitionStatusText.Label(p.Rating),
                esc?.Level ?? 0, esc?.Open ?? false,
                p.Request.Length > 60 ? p.Request[..60] + "…" : p.Request);
        }).ToList();
        return new QueuePage(rows, total, page, pageSize ?? total);
    }
}
