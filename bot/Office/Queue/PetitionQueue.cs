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

public sealed partial class PetitionQueue(PetitionDbContext db, TimeProvider time, IOptions<OfficeOptions> options)
{
    public const int PageSize = 50;

    [System.Text.RegularExpressions.GeneratedRegex(@"^1\d{2}\*{4}\d{4}$")]
    private static partial System.Text.RegularExpressions.Regex MaskedPhone();

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
        if (!string.IsNullOrWhiteSpace(f.Q)) q = Search(q, f.Q.Trim());
        return q;
    }

    /// <summary>
    /// The search box, read by the shape of what was typed so that each kind is one indexed look-up (a "contains" over
    /// a million rows reads all of them): a tracking number exactly, a phone number whole, as shown masked (138****5678)
    /// or by its last digits, otherwise the beginning of the petitioner's name.
    /// </summary>
    private static IQueryable<Petition> Search(IQueryable<Petition> q, string term)
    {
        var half = ChineseText.ToHalfWidth(term).Trim();
        if (PetitionLookup.FindTrackingNo(half) is { } no && no.Length == half.Length) return q.Where(p => p.TrackingNo == no);
        var compact = half.Replace(" ", "").Replace("-", "");
        if (MaskedPhone().IsMatch(compact))
        {
            // The queue shows phones masked; a clerk may paste one back. First three digits narrow the index range.
            var (head, tail) = (compact[..3], compact[^4..]);
            return q.Where(p => string.Compare(p.Phone, head) >= 0 && string.Compare(p.Phone, head + "\uffff") < 0 && p.Phone.EndsWith(tail));
        }
        if (compact.Length >= 4 && compact.All(char.IsAsciiDigit))
            return compact.Length >= 11 ? q.Where(p => p.Phone == compact) : q.Where(p => p.Phone.EndsWith(compact));
        // A name prefix as an index range (names sort by code point on SQLite and on PostgreSQL with the C collation).
        var upper = half + "\uffff";
        return q.Where(p => string.Compare(p.PetitionerName, half) >= 0 && string.Compare(p.PetitionerName, upper) < 0);
    }

    /// <summary>Sorted by due date (the most urgent first); items without a running deadline last, newest first.</summary>
    public async Task<QueuePage> ListAsync(QueueFilter f, OfficeActor actor, CancellationToken ct, int? pageSize = PageSize)
    {
        var q = Filter(f, actor);
        var page = Math.Max(1, f.Page);
        if (pageSize is null)
        {
            var all = new List<QueueRow>();
            await foreach (var row in RowsAsync(f, actor, ct)) all.Add(row);
            return new QueuePage(all, all.Count, 1, all.Count);
        }
        var size = pageSize.Value;
        var total = await q.CountAsync(ct);
        var skip = (page - 1) * size;
        // Two index walks instead of one sort on "DueUtc IS NULL", which no index can serve: running deadlines by due
        // date, then the rest newest first. The first part is small (open items only), so its count is cheap.
        var withDue = await q.CountAsync(p => p.DueUtc != null, ct);
        var items = new List<Item>(size);
        if (skip < withDue)
            items.AddRange(await Project(WithDue(q)).Skip(skip).Take(size).ToListAsync(ct));
        if (items.Count < size && total > withDue)
            items.AddRange(await Project(WithoutDue(q)).Skip(Math.Max(0, skip - withDue)).Take(size - items.Count).ToListAsync(ct));
        var today = ChinaTime.Today(time);
        return new QueuePage(items.Select(i => ToRow(i, today)).ToList(), total, page, size);
    }

    /// <summary>Every row of the filtered queue in queue order, read as it is consumed (the export streams it).</summary>
    public async IAsyncEnumerable<QueueRow> RowsAsync(QueueFilter f, OfficeActor actor, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var q = Filter(f, actor);
        var today = ChinaTime.Today(time);
        await foreach (var i in Project(WithDue(q)).AsAsyncEnumerable().WithCancellation(ct)) yield return ToRow(i, today);
        await foreach (var i in Project(WithoutDue(q)).AsAsyncEnumerable().WithCancellation(ct)) yield return ToRow(i, today);
    }

    private static IQueryable<Petition> WithDue(IQueryable<Petition> q) =>
        q.Where(p => p.DueUtc != null).OrderBy(p => p.DueUtc).ThenByDescending(p => p.ReceivedUtc).ThenByDescending(p => p.Id);

    private static IQueryable<Petition> WithoutDue(IQueryable<Petition> q) =>
        q.Where(p => p.DueUtc == null).OrderByDescending(p => p.ReceivedUtc).ThenByDescending(p => p.Id);

    /// <summary>Only the columns a row shows (not the facts and reasons), the escalation read in the same statement.</summary>
    private IQueryable<Item> Project(IQueryable<Petition> q) => q.Select(p => new Item(
        p.TrackingNo, p.PetitionerName, p.Phone, p.Field, p.Category, p.Source, p.Status, p.CurrentUnitName, p.AssignedClerk,
        p.ReceivedUtc, p.DueUtc, p.IsRepeat, p.RaisedBefore, p.LitigationRelated, p.Rating,
        db.Set<RatingEscalation>().Where(e => e.PetitionId == p.Id).Max(e => (int?)e.Level),
        db.Set<RatingEscalation>().Any(e => e.PetitionId == p.Id && e.ResolvedUtc == null),
        p.Request));

    private sealed record Item(
        string TrackingNo, string PetitionerName, string Phone, string Field, PetitionCategory Category, PetitionSource Source, PetitionStatus Status,
        string? Unit, string? Clerk, DateTime ReceivedUtc, DateTime? DueUtc, bool IsRepeat, bool RaisedBefore, bool LitigationRelated,
        PetitionRating? Rating, int? EscalationLevel, bool EscalationOpen, string Request);

    private QueueRow ToRow(Item p, DateOnly today)
    {
        var due = p.DueUtc is { } d ? ChinaTime.ToDate(d) : (DateOnly?)null;
        return new QueueRow(
            p.TrackingNo, p.PetitionerName, Masking.MaskPhone(p.Phone), p.Field, PetitionStatusText.Label(p.Category), PetitionSources.Label(p.Source), p.Status, PetitionStatusText.Label(p.Status),
            p.Unit, p.Clerk, p.ReceivedUtc, p.DueUtc,
            due is { } o && PetitionClock.IsOverdue(o, today),
            due is { } s && PetitionClock.IsDueSoon(s, today, options.Value.DueSoonDays),
            due is { } l ? PetitionClock.DaysLeft(l, today) : null,
            p.IsRepeat, !p.IsRepeat && !p.RaisedBefore /* PetitionRules.IsFirstPetition */, p.LitigationRelated, PetitionStatusText.Label(p.Rating),
            p.EscalationLevel ?? 0, p.EscalationOpen, p.Request.Length > 60 ? p.Request[..60] + "…" : p.Request);
    }
}
