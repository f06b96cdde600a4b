using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PetitionBot.Bot.Petitions;

namespace PetitionBot.Bot.Office.Workflow;

/// <summary>One step on a petition's timeline: who did what, the status before and after, and the due date it set.</summary>
public class PetitionEvent
{
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
}

internal sealed class PetitionEventConfiguration : IEntityTypeConfiguration<PetitionEvent>
{
    public void Configure(EntityTypeBuilder<PetitionEvent> b)
    {
        b.ToTable("OfficeTimeline");
        b.HasIndex(e => new { e.PetitionId, e.AtUtc });
        b.Property(e => e.Action).HasMaxLength(40);
        b.Property(e => e.Actor).HasMaxLength(100);
        b.Property(e => e.Note).HasMaxLength(2000);
        b.Property(e => e.UnitName).HasMaxLength(200);
    }
}
