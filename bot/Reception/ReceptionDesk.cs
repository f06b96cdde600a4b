using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Conversation.Filing;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Petitions;
using PetitionBot.Bot.Petitions.Clock;
using PetitionBot.Bot.Petitions.PersonalData;
using PetitionBot.Bot.Petitions.Validation;

namespace PetitionBot.Bot.Reception;

/// <summary>An upcoming reception day as citizens see it.</summary>
public sealed record ReceptionDayView(long Id, DateOnly Date, string Place, string Leader, IReadOnlyList<string> Topics, int FreeSlots,
    string? Time);

/// <summary>A booking as asked for; Channel/UserId/RequestKey only when it comes from a chat.</summary>
public sealed record BookingRequest(long? DayId, string? Name, string? Phone, string? Matter,
    string? Channel = null, string? UserId = null, string? RequestKey = null);

public enum BookingOutcome { Booked, Full, NoSuchDay, Invalid }

public sealed record BookingResult(BookingOutcome Outcome, string? BookingNo = null, IReadOnlyDictionary<string, string[]>? Errors = null,
    ReceptionDayView? Day = null);

/// <summary>
/// 走访预约 and 领导接访日 for citizens: the days on offer, booking and cancelling. Capacity is a counter on the day row
/// taken with one conditional UPDATE (… WHERE FreeSlots > 0) in the booking's transaction: the database decides, so two
/// instances cannot overbook and a failed insert gives the slot back with the rollback.
/// </summary>
public sealed class ReceptionDesk(PetitionDbContext db, IPersonalDataProtector protector, TimeProvider time, ILogger<ReceptionDesk> logger)
{
    /// <summary>One line: a matter is what the visit is about, the facts come at the window.</summary>
    public const int MatterMaxLength = 100;
    // No 0/O/1/I: a booking number is read out over the phone and copied by hand.
    private const string CodeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    public DateOnly Today => ChinaTime.Today(time);

    /// <summary>Days from today on that are still offered, soonest first (full days included, with 0 free slots).</summary>
    public async Task<IReadOnlyList<ReceptionDayView>> UpcomingAsync(CancellationToken ct)
    {
        var today = Today;
        var rows = await (from d in db.Set<ReceptionDay>().AsNoTracking()
                          join p in db.Set<ReceptionPlace>().AsNoTracking() on d.PlaceId equals p.Id
                          where d.Active && d.Date >= today
                          orderby d.Date, d.Id
                          select new { Day = d, Place = p }).Take(50).ToListAsync(ct);
        return rows.Select(r => View(r.Day, r.Place)).ToList();
    }

    public static ReceptionDayView View(ReceptionDay d, ReceptionPlace p) =>
        new(d.Id, d.Date, p.Label, d.Leader, d.TopicList(), d.FreeSlots, string.IsNullOrWhiteSpace(d.Time) ? p.Hours : d.Time);

    /// <summary>Checks what the citizen gave with the petition form's own checks; errors keyed by the JSON field names.</summary>
    public Dictionary<string, string[]> Check(BookingRequest request, out string name, out string phone, out string matter)
    {
        var errors = new Dictionary<string, string[]>();
        name = phone = matter = "";
        if (request.DayId is null) errors["dayId"] = ["请选择要预约的接访日。"];
        var n = FormFields.Check(FormField.Name, request.Name ?? "", Today);
        if (!n.IsValid) errors["name"] = [n.Error!]; else name = n.Value!;
        var p = PhoneNumber.Check(request.Phone ?? "");
        if (!p.IsValid) errors["phone"] = [p.Error!]; else phone = p.Value!;
        var m = CheckMatter(request.Matter);
        if (!m.IsValid) errors["matter"] = [m.Error!]; else matter = m.Value!;
        return errors;
    }

    public static FieldCheck CheckMatter(string? input)
    {
        var text = (input ?? "").Trim();
        if (text.Length < 4) return FieldCheck.Fail("请用一句话说明要反映的事情（至少4个字），例如“小区旁工地夜间施工扰民”。");
        if (text.Contains('\n') || text.Contains('\r')) return FieldCheck.Fail("反映事项请写成一行，详细情况到现场再向接访领导说明。");
        if (text.Length > MatterMaxLength) return FieldCheck.Fail($"反映事项请控制在{MatterMaxLength}个字以内，详细情况到现场再说明。");
        return FieldCheck.Ok(text);
    }

    public async Task<BookingResult> BookAsync(BookingRequest request, CancellationToken ct)
    {
        var errors = Check(request, out var name, out var phone, out var matter);
        if (errors.Count > 0) return new BookingResult(BookingOutcome.Invalid, Errors: errors);
        var dayId = request.DayId!.Value;

        if (request.RequestKey is { } key && await FindByRequestKeyAsync(key, ct) is { } earlier)
            return new BookingResult(BookingOutcome.Booked, earlier.BookingNo);

        var found = await (from d in db.Set<ReceptionDay>().AsNoTracking()
                           join p in db.Set<ReceptionPlace>().AsNoTracking() on d.PlaceId equals p.Id
                           where d.Id == dayId
                           select new { Day = d, Place = p }).FirstOrDefaultAsync(ct);
        var today = Today;
        if (found is null || !found.Day.Active || found.Day.Date < today) return new BookingResult(BookingOutcome.NoSuchDay);

        for (var attempt = 1; ; attempt++)
        {
            var booking = new VisitBooking
            {
                BookingNo = NewBookingNo(found.Day.Date),
                DayId = dayId,
                Name = name,
                PhoneProtected = protector.Protect(phone),
                PhoneMasked = Masking.MaskPhone(phone),
                PhoneLastFour = PhoneNumber.LastFour(phone),
                Matter = matter,
                Channel = request.Channel,
                UserId = request.UserId,
                RequestKey = request.RequestKey,
                CreatedUtc = time.GetUtcNow().UtcDateTime,
            };
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var taken = await db.Set<ReceptionDay>()
                .Where(d => d.Id == dayId && d.Active && d.FreeSlots > 0)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.FreeSlots, d => d.FreeSlots - 1), ct);
            if (taken == 0)
            {
                await transaction.RollbackAsync(ct);
                logger.LogInformation("Reception day {DayId} is full; booking refused", dayId);
                return new BookingResult(BookingOutcome.Full, Day: View(found.Day, found.Place));
            }
            db.Add(booking);
            try
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation() && attempt < 5)
            {
                // The rollback gives the slot back. Either the same chat confirmation won a race, or (rarely) the code collided.
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                if (request.RequestKey is { } k && await FindByRequestKeyAsync(k, ct) is { } same)
                    return new BookingResult(BookingOutcome.Booked, same.BookingNo);
                continue;
            }
            // No name or phone in the log: the booking number leads to them for whoever may see them.
            logger.LogInformation("Visit booking {BookingNo} on reception day {DayId} ({Channel})", booking.BookingNo, dayId, request.Channel ?? "web form");
            return new BookingResult(BookingOutcome.Booked, booking.BookingNo, Day: View(found.Day, found.Place) with { FreeSlots = found.Day.FreeSlots - 1 });
        }
    }

    private Task<VisitBooking?> FindByRequestKeyAsync(string key, CancellationToken ct) =>
        db.Set<VisitBooking>().AsNoTracking().FirstOrDefaultAsync(b => b.RequestKey == key, ct);

    private static string NewBookingNo(DateOnly day)
    {
        Span<char> code = stackalloc char[4];
        for (var i = 0; i < code.Length; i++) code[i] = CodeAlphabet[RandomNumberGenerator.GetInt32(CodeAlphabet.Length)];
        return $"YY{day.ToString("MMdd", CultureInfo.InvariantCulture)}-{code}";
    }

    public static string NormalizeBookingNo(string text) => ChineseText.ToHalfWidth(text).Trim().ToUpperInvariant();

    /// <summary>
    /// Cancels a booking that is still open when the last four phone digits match, and gives its slot back in the same
    /// transaction. False for an unknown number, wrong digits or a booking no longer open alike, so nothing leaks.
    /// </summary>
    public async Task<bool> CancelAsync(string bookingNo, string lastFour, CancellationToken ct)
    {
        bookingNo = NormalizeBookingNo(bookingNo);
        var booking = await db.Set<VisitBooking>().AsNoTracking()
            .FirstOrDefaultAsync(b => b.BookingNo == bookingNo && b.PhoneLastFour == lastFour && b.Status == BookingStatus.Booked, ct);
        if (booking is null) return false;
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var cancelled = await db.Set<VisitBooking>().Where(b => b.Id == booking.Id && b.Status == BookingStatus.Booked)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, BookingStatus.Cancelled).SetProperty(b => b.ChangedUtc, now), ct);
        if (cancelled == 0) return false; // cancelled twice at once: the first one gave the slot back
        await db.Set<ReceptionDay>().Where(d => d.Id == booking.DayId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.FreeSlots, d => d.FreeSlots + 1), ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Visit booking {BookingNo} cancelled by the citizen", booking.BookingNo);
        return true;
    }

    /// <summary>A booking the citizen can still cancel, with its day, for the chat's confirmation.</summary>
    public async Task<(VisitBooking Booking, ReceptionDayView Day)?> FindOpenAsync(string bookingNo, string lastFour, CancellationToken ct)
    {
        bookingNo = NormalizeBookingNo(bookingNo);
        var row = await (from b in db.Set<VisitBooking>().AsNoTracking()
                         join d in db.Set<ReceptionDay>().AsNoTracking() on b.DayId equals d.Id
                         join p in db.Set<ReceptionPlace>().AsNoTracking() on d.PlaceId equals p.Id
                         where b.BookingNo == bookingNo && b.PhoneLastFour == lastFour && b.Status == BookingStatus.Booked
                         select new { b, d, p }).FirstOrDefaultAsync(ct);
        return row is null ? null : (row.b, View(row.d, row.p));
    }

    /// <summary>"12月8日（周二）" for a citizen.</summary>
    public static string DateLabel(DateOnly date) =>
        $"{date.Month}月{date.Day}日（周{"日一二三四五六"[(int)date.DayOfWeek]}）";
}
