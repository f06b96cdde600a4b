using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Office.Audit;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Office.Workflow;
using PetitionBot.Bot.Petitions;

namespace PetitionBot.Bot.Reception;

/// <summary>The office's side of reception: publishing places and days, the day's bookings, attended / no-show.</summary>
public sealed class ReceptionOffice(PetitionDbContext db, AuditLog audit, IPersonalDataProtector protector, TimeProvider time)
{
    public sealed record DayRow(ReceptionDay Day, string Place, int Booked, int Attended);

    public sealed record BookingRow(long Id, string BookingNo, string Name, string PhoneMasked, string Matter, BookingStatus Status,
        bool FromChat, DateTime CreatedUtc, string? PetitionTrackingNo);

    public static string StatusLabel(BookingStatus s) => s switch
    {
        BookingStatus.Booked => "已预约",
        BookingStatus.Cancelled => "已取消",
        BookingStatus.Attended => "已到访",
        BookingStatus.NoShow => "未到",
        _ => s.ToString(),
    };

    public Task<List<ReceptionPlace>> PlacesAsync(CancellationToken ct) =>
        db.Set<ReceptionPlace>().AsNoTracking().OrderByDescending(p => p.Active).ThenBy(p => p.Name).ToListAsync(ct);

    /// <summary>Days from a week ago on (the week's no-shows still get marked), soonest first.</summary>
    public async Task<List<DayRow>> DaysAsync(CancellationToken ct)
    {
        var since = ChinaTime().AddDays(-7);
        var days = await (from d in db.Set<ReceptionDay>().AsNoTracking()
                          join p in db.Set<ReceptionPlace>().AsNoTracking() on d.PlaceId equals p.Id
                          where d.Date >= since
                          orderby d.Date, d.Id
                          select new { d, p.Name }).ToListAsync(ct);
        var ids = days.Select(x => x.d.Id).ToList();
        var counts = await db.Set<VisitBooking>().AsNoTracking().Where(b => ids.Contains(b.DayId) && b.Status != BookingStatus.Cancelled)
            .GroupBy(b => new { b.DayId, b.Status }).Select(g => new { g.Key.DayId, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        return days.Select(x => new DayRow(x.d, x.Name,
            counts.Where(c => c.DayId == x.d.Id).Sum(c => c.Count),
            counts.Where(c => c.DayId == x.d.Id && c.Status == BookingStatus.Attended).Sum(c => c.Count))).ToList();
    }

    private DateOnly ChinaTime() => Petitions.Clock.ChinaTime.Today(time);

    public async Task<string?> SavePlaceAsync(OfficeActor actor, long? id, string? name, string? address, string? hours, bool active, CancellationToken ct)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100) return "请填写接待场所名称（100字以内）。";
        if (address?.Trim().Length > 200 || hours?.Trim().Length > 200) return "地址和开放时间请各控制在200字以内。";
        var place = id is { } pid ? await db.Set<ReceptionPlace>().FirstOrDefaultAsync(p => p.Id == pid, ct) : null;
        if (id is not null && place is null) return "没有找到这个接待场所。";
        if (place is null) db.Add(place = new ReceptionPlace { Name = name });
        place.Name = name;
        place.Address = string.IsNullOrWhiteSpace(address) ? null : address.Trim();
        place.Hours = string.IsNullOrWhiteSpace(hours) ? null : hours.Trim();
        place.Active = id is null || active;
        audit.Add(actor, id is null ? "新建接待场所" : "修改接待场所", $"reception-place:{name}", null, new { place.Name, place.Address, place.Hours, place.Active });
        await db.SaveChangesAsync(ct);
        return null;
    }

    public sealed record DayInput(long? Id, long? PlaceId, DateOnly? Date, string? Time, string? Leader, string? Topics, int? Capacity, bool Active);

    public async Task<string?> SaveDayAsync(OfficeActor actor, DayInput input, CancellationToken ct)
    {
        var leader = input.Leader?.Trim();
        if (input.PlaceId is not { } placeId || !await db.Set<ReceptionPlace>().AnyAsync(p => p.Id == placeId && p.Active, ct))
            return "请选择接待场所。";
        if (input.Date is not { } date) return "请填写接访日期。";
        if (input.Id is null && date < ChinaTime()) return "接访日期不能早于今天。";
        if (string.IsNullOrEmpty(leader) || leader.Length > 100) return "请填写接访领导（100字以内）。";
        if (input.Topics?.Trim().Length > 300) return "接访主题请控制在300字以内。";
        if (input.Capacity is not (>= 1 and <= 500)) return "预约名额应在1到500之间。";
        var capacity = input.Capacity.Value;

        if (input.Id is not { } id)
        {
            var day = new ReceptionDay
            {
                PlaceId = placeId, Date = date, Time = Clean(input.Time, 60), Leader = leader, Topics = input.Topics?.Trim() ?? "",
                Capacity = capacity, FreeSlots = capacity,
            };
            db.Add(day);
            audit.Add(actor, "发布接访日", $"reception-day:{date:yyyy-MM-dd}", null, new { day.Date, day.Leader, day.Topics, day.Capacity });
            await db.SaveChangesAsync(ct);
            return null;
        }

        var existing = await db.Set<ReceptionDay>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        if (existing is null) return "没有找到这个接访日。";
        var delta = capacity - existing.Capacity;
        // Capacity moves the free-slot counter by the same amount, in one conditional statement that bookings serialise
        // with; it may not go below what is already booked.
        var changed = await db.Set<ReceptionDay>()
            .Where(d => d.Id == id && d.Capacity == existing.Capacity && d.FreeSlots + delta >= 0)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Capacity, capacity)
                .SetProperty(d => d.FreeSlots, d => d.FreeSlots + delta)
                .SetProperty(d => d.PlaceId, placeId)
                .SetProperty(d => d.Date, date)
                .SetProperty(d => d.Time, Clean(input.Time, 60))
                .SetProperty(d => d.Leader, leader)
                .SetProperty(d => d.Topics, input.Topics == null ? "" : input.Topics.Trim())
                .SetProperty(d => d.Active, input.Active), ct);
        if (changed == 0) return "名额不能少于已预约的人数（或者刚有人修改过，请刷新后重试）。";
        audit.Add(actor, "修改接访日", $"reception-day:{date:yyyy-MM-dd}", new { existing.Date, existing.Leader, existing.Capacity, existing.Active },
            new { Date = date, Leader = leader, Capacity = capacity, input.Active });
        await db.SaveChangesAsync(ct);
        return null;
    }

    private static string? Clean(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim().Length > max ? text.Trim()[..max] : text.Trim();

    public async Task<(ReceptionDay Day, ReceptionPlace Place, List<BookingRow> Bookings)?> DayAsync(long id, CancellationToken ct)
    {
        var day = await db.Set<ReceptionDay>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        if (day is null) return null;
        var place = await db.Set<ReceptionPlace>().AsNoTracking().FirstAsync(p => p.Id == day.PlaceId, ct);
        var bookings = await db.Set<VisitBooking>().AsNoTracking().Where(b => b.DayId == id).OrderBy(b => b.Id)
            .Select(b => new BookingRow(b.Id, b.BookingNo, b.Name, b.PhoneMasked, b.Matter, b.Status, b.Channel != null, b.CreatedUtc, b.PetitionTrackingNo))
            .ToListAsync(ct);
        return (day, place, bookings);
    }

    /// <summary>到访 / 未到, for an open or already marked booking (a mis-click can be corrected); a cancelled one stays cancelled.</summary>
    public async Task<WorkflowResult> MarkAsync(OfficeActor actor, long bookingId, bool attended, CancellationToken ct)
    {
        var status = attended ? BookingStatus.Attended : BookingStatus.NoShow;
        var now = time.GetUtcNow().UtcDateTime;
        var booking = await db.Set<VisitBooking>().FirstOrDefaultAsync(b => b.Id == bookingId, ct);
        if (booking is null) return new WorkflowResult(WorkflowOutcome.NotFound, "没有找到这个预约。");
        if (booking.Status == BookingStatus.Cancelled) return WorkflowResult.Invalid("这个预约已经由群众取消。");
        var before = booking.Status;
        booking.Status = status;
        booking.ChangedUtc = now;
        audit.Add(actor, attended ? "走访到访" : "走访未到", $"booking:{booking.BookingNo}", new { Status = before }, new { Status = status });
        await db.SaveChangesAsync(ct);
        return WorkflowResult.Done($"预约 {booking.BookingNo} 已标记为{StatusLabel(status)}。");
    }

    /// <summary>
    /// The clerk registration form pre-filled from an attended booking. The phone is decrypted only here, on the clerk's
    /// click, and the reveal is audited like any other.
    /// </summary>
    public async Task<string?> RegistrationLinkAsync(OfficeActor actor, long bookingId, CancellationToken ct)
    {
        var row = await (from b in db.Set<VisitBooking>().AsNoTracking()
                         join d in db.Set<ReceptionDay>().AsNoTracking() on b.DayId equals d.Id
                         where b.Id == bookingId && b.Status == BookingStatus.Attended
                         select new { b, d.Date }).FirstOrDefaultAsync(ct);
        if (row is null) return null;
        audit.Add(actor, "走访登记为信访事项", $"booking:{row.b.BookingNo}", null, null);
        await db.SaveChangesAsync(ct);
        return RegistrationLink(row.b.Name, protector.Unprotect(row.b.PhoneProtected), row.b.Matter, row.Date, row.b.BookingNo);
    }

    public static string RegistrationLink(string name, string phone, string matter, DateOnly receivedOn, string bookingNo) =>
        "/office/petitions/new?source=leader-reception" +
        $"&name={Uri.EscapeDataString(name)}&phone={Uri.EscapeDataString(phone)}&request={Uri.EscapeDataString(matter)}" +
        $"&receivedOn={receivedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}&bookingNo={Uri.EscapeDataString(bookingNo)}";
}
