using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PetitionBot.Bot.Reception;

/// <summary>接待场所: where citizens are received in person, with its opening hours (published to citizens).</summary>
public class ReceptionPlace
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public string? Address { get; set; }
    /// <summary>Opening hours as the bureau words them ("工作日 9:00-12:00，14:00-17:30").</summary>
    public string? Hours { get; set; }
    public bool Active { get; set; } = true;

    public string Label => string.IsNullOrWhiteSpace(Address) ? Name : $"{Name}（{Address}）";
}

/// <summary>
/// 领导接访日: a leader receives petitioners at a place on a date, on some topics, for a limited number of bookings.
/// FreeSlots is the counter bookings take from with a conditional update, so capacity holds across instances.
/// </summary>
public class ReceptionDay
{
    public long Id { get; set; }
    public long PlaceId { get; set; }
    public DateOnly Date { get; set; }
    /// <summary>Time of the reception on that day ("9:00-11:30"); the place's hours when empty.</summary>
    public string? Time { get; set; }
    /// <summary>The receiving leader, as published ("王某某 副区长").</summary>
    public required string Leader { get; set; }
    /// <summary>Topics, separated by 、 or commas ("征地拆迁、劳动保障").</summary>
    public string Topics { get; set; } = "";
    public int Capacity { get; set; }
    public int FreeSlots { get; set; }
    /// <summary>Withdrawn days stay for their bookings but are no longer offered.</summary>
    public bool Active { get; set; } = true;

    public IReadOnlyList<string> TopicList() =>
        Topics.Split(['、', ',', '，', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public enum BookingStatus { Booked, Cancelled, Attended, NoShow }

/// <summary>走访预约: one citizen's slot on a reception day.</summary>
public class VisitBooking
{
    public long Id { get; set; }
    /// <summary>What the citizen quotes to cancel: YY + the day's MMdd + 4 random characters (YY1208-K7Q3).</summary>
    public required string BookingNo { get; set; }
    public long DayId { get; set; }
    public required string Name { get; set; }
    /// <summary>The phone number encrypted with the app's personal-data key; the office decrypts it only to register.</summary>
    public required string PhoneProtected { get; set; }
    public required string PhoneMasked { get; set; }
    public required string PhoneLastFour { get; set; }
    public required string Matter { get; set; }
    public BookingStatus Status { get; set; } = BookingStatus.Booked;
    /// <summary>The chat the booking was made in, for the reminder the day before; null for the web form (no way to push).</summary>
    public string? Channel { get; set; }
    public string? UserId { get; set; }
    /// <summary>Idempotency of a chat confirmation: a re-run turn finds the booking it made instead of taking a second slot.</summary>
    public string? RequestKey { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime? ChangedUtc { get; set; }
    /// <summary>The petition the clerk registered from this visit, so the day view shows it instead of a second 登记.</summary>
    public string? PetitionTrackingNo { get; set; }
}

internal sealed class ReceptionPlaceConfiguration : IEntityTypeConfiguration<ReceptionPlace>
{
    public void Configure(EntityTypeBuilder<ReceptionPlace> b)
    {
        b.ToTable("ReceptionPlaces");
        b.Property(p => p.Name).HasMaxLength(100);
        b.Property(p => p.Address).HasMaxLength(200);
        b.Property(p => p.Hours).HasMaxLength(200);
        b.Ignore(p => p.Label);
    }
}

internal sealed class ReceptionDayConfiguration : IEntityTypeConfiguration<ReceptionDay>
{
    public void Configure(EntityTypeBuilder<ReceptionDay> b)
    {
        b.ToTable("ReceptionDays", t => t.HasCheckConstraint("CK_ReceptionDays_FreeSlots", "\"FreeSlots\" >= 0"));
        b.Property(d => d.Leader).HasMaxLength(100);
        b.Property(d => d.Topics).HasMaxLength(300);
        b.Property(d => d.Time).HasMaxLength(60);
        b.HasIndex(d => d.Date);
        b.HasOne<ReceptionPlace>().WithMany().HasForeignKey(d => d.PlaceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class VisitBookingConfiguration : IEntityTypeConfiguration<VisitBooking>
{
    public void Configure(EntityTypeBuilder<VisitBooking> b)
    {
        b.ToTable("VisitBookings");
        b.Property(v => v.BookingNo).HasMaxLength(20);
        b.HasIndex(v => v.BookingNo).IsUnique();
        b.Property(v => v.Name).HasMaxLength(50);
        b.Property(v => v.PhoneProtected).HasMaxLength(200);
        b.Property(v => v.PhoneMasked).HasMaxLength(30);
        b.Property(v => v.PhoneLastFour).HasMaxLength(4);
        b.Property(v => v.Matter).HasMaxLength(200);
        b.Property(v => v.Channel).HasMaxLength(40);
        b.Property(v => v.UserId).HasMaxLength(200);
        b.Property(v => v.RequestKey).HasMaxLength(64);
        b.HasIndex(v => v.RequestKey).IsUnique();
        b.Property(v => v.PetitionTrackingNo).HasMaxLength(32);
        b.HasIndex(v => new { v.DayId, v.Status });
        b.HasOne<ReceptionDay>().WithMany().HasForeignKey(v => v.DayId).OnDelete(DeleteBehavior.Restrict);
    }
}
