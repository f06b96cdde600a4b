using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Petitions.Clock;

namespace PetitionBot.Bot.Reception;

public sealed class BookingRetentionOptions
{
    public const string Section = "Reception";

    /// <summary>How long after its reception day a booking (name, encrypted phone, matter) is kept.</summary>
    public TimeSpan BookingRetention { get; set; } = TimeSpan.FromDays(90);

    public IReadOnlyList<string> Problems() =>
        BookingRetention < TimeSpan.FromDays(1) || BookingRetention > TimeSpan.FromDays(3650)
            ? [$"Reception:BookingRetention must be between 1 day and 10 years (e.g. 90.00:00:00), not {BookingRetention}."]
            : [];
}

/// <summary>
/// Forgets bookings whose reception day is more than Reception:BookingRetention past: a visit that became a petition
/// lives on in the petition, and the rest is a citizen's name and phone kept for nothing.
/// </summary>
internal sealed class BookingRetention(IOptions<BookingRetentionOptions> options) : IHousekeepingTask
{
    public string Name => "visit bookings";

    public Task<int> RunAsync(PetitionDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var before = ChinaTime.ToDate(now - options.Value.BookingRetention);
        return db.Set<VisitBooking>()
            .Where(b => db.Set<ReceptionDay>().Any(d => d.Id == b.DayId && d.Date < before))
            .ExecuteDeleteAsync(cancellationToken);
    }
}
