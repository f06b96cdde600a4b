using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PetitionBot.Bot.Petitions;

namespace PetitionBot.Bot.Petitions.Clock;

/// <summary>One step on a petition's timeline: who did what, the status before and after, and the due date it set.</summary>
public class PetitionEvent
{
    /// <summary>Who registered a petition the bot took in (the 登记 event's actor).</summary>
    public const string BotActor = "信访助手";

    public long Id { get; set; }
    public long PetitionId { get; set; }
    public DateTime AtUtc { get; set; }
    public required string Action { get; set; }
    /// <summary>Display name of the person (or "系统").</summary>
    public required string Actor { get; set; }
    public PetitionStatus? FromStatus { get; set; }
    public PetitionStatus? ToStatus { get; set; }
    public string? Note { get; set; }
    public DateOnly? DueDate { get; set; }
    public string? UnitName { get; set; }

    /// <summary>
    /// What registration puts on the clock, in the submission's own transaction: the 登记 event and the 15-day period
    /// (信访工作条例 第二十二条) counted from the day of receipt.
    /// </summary>
    /// <param name="registeredUtc">
    /// When it was typed in, if later than the receipt: a letter registered today that arrived three days ago still has
    /// its 15 days counted from the day it arrived.
    /// </param>
    public static (PetitionEvent Registered, PetitionDeadline Dispose) OnRegistration(Petition p, DateTime? registeredUtc = null)
    {
        var received = ChinaTime.ToDate(p.ReceivedUtc);
        var due = PetitionClock.AddCalendarDays(received, StatutoryPeriods.DisposeDays);
        p.DueUtc = PetitionClock.EndOfDayUtc(due);
        var at = registeredUtc ?? p.ReceivedUtc;
        return (
            new PetitionEvent
            {
                PetitionId = p.Id, AtUtc = at, Action = "登记", Actor = p.ReceivedByName ?? BotActor, ToStatus = p.Status,
                Note = p.ReceivedBy is null
                    ? $"经{ChannelLabels.Of(p.Channel)}提交"
                    : $"{PetitionSources.Label(p.Source)}，收到日期 {PetitionClock.Format(received)}",
            },
            new PetitionDeadline
            {
                PetitionId = p.Id, Kind = DeadlineKind.Dispose, StartDate = received, DueDate = due,
                IsObligation = true, OpenedUtc = at,
            });
    }
}

internal sealed class PetitionEventConfiguration : IEntityTypeConfiguration<PetitionEvent>
{
    public void Configure(EntityTypeBuilder<PetitionEvent> b)
    {
        b.ToTable("OfficeTimeline");
        b.HasIndex(e => new { e.PetitionId, e.AtUtc });
        // The dashboard's 一次性化解 looks for petitions that went to 复查/复核, a few in a million events.
        b.HasIndex(e => new { e.ToStatus, e.PetitionId });
        b.Property(e => e.Action).HasMaxLength(40);
        b.Property(e => e.Actor).HasMaxLength(100);
        b.Property(e => e.Note).HasMaxLength(2000);
        b.Property(e => e.UnitName).HasMaxLength(200);
    }
}
