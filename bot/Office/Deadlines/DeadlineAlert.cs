using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PetitionBot.Bot.Office.Workflow;
using PetitionBot.Bot.Petitions.Clock;

namespace PetitionBot.Bot.Office.Deadlines;

/// <summary>
/// A due-soon or overdue notice for the supervisors. Unique per (petition, kind, due date): however many instances
/// scan, a deadline raises each notice once; a new due date (延期) may raise it again.
/// </summary>
public class DeadlineAlert
{
    public long Id { get; set; }
    public long PetitionId { get; set; }
    public required string TrackingNo { get; set; }
    /// <summary>"DueSoon:Conclude", "Overdue:Dispose" …</summary>
    public required string Kind { get; set; }
    public DateOnly DueDate { get; set; }
    public DeadlineKind DeadlineKind { get; set; }
    public bool Overdue { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime? AcknowledgedUtc { get; set; }
    public string? AcknowledgedBy { get; set; }
}

internal sealed class DeadlineAlertConfiguration : IEntityTypeConfiguration<DeadlineAlert>
{
    public void Configure(EntityTypeBuilder<DeadlineAlert> b)
    {
        b.ToTable("OfficeDeadlineAlerts");
        b.HasIndex(a => new { a.PetitionId, a.Kind, a.DueDate }).IsUnique();
        b.HasIndex(a => a.AcknowledgedUtc);
        b.Property(a => a.Kind).HasMaxLength(60);
        b.Property(a => a.TrackingNo).HasMaxLength(40);
        b.Property(a => a.AcknowledgedBy).HasMaxLength(100);
    }
}
