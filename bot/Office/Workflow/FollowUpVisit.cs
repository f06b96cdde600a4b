using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PetitionBot.Bot.Petitions;

namespace PetitionBot.Bot.Office.Workflow;

/// <summary>回访: the visit after the answer, its result and the citizen's rating.</summary>
public class FollowUpVisit
{
    public long Id { get; set; }
    public long PetitionId { get; set; }
    public DateTime AtUtc { get; set; }
    public required string VisitedBy { get; set; }
    public required string Result { get; set; }
    public PetitionRating Rating { get; set; }
}

/// <summary>
/// The 监督 ladder for 不满意: level 1 sends the item to the handling unit's head with a deadline to put it right;
/// if the citizen is still 不满意 afterwards, level 2 sends it to a county-level leader.
/// </summary>
public class RatingEscalation
{
    public long Id { get; set; }
    public long PetitionId { get; set; }
    public int Level { get; set; }
    public required string AssignedTo { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateOnly DueDate { get; set; }
    /// <summary>The rating time that triggered it, so a rating escalates once.</summary>
    public DateTime TriggerRatedUtc { get; set; }
    public DateTime? ResolvedUtc { get; set; }
    public string? ResolvedBy { get; set; }
    public string? Resolution { get; set; }

    public static string LevelName(int level) => level == 1 ? "单位负责人督办" : "县级领导督办";
}

internal sealed class FollowUpVisitConfiguration : IEntityTypeConfiguration<FollowUpVisit>
{
    public void Configure(EntityTypeBuilder<FollowUpVisit> b)
    {
        b.ToTable("OfficeFollowUps");
        b.HasIndex(v => v.PetitionId);
        b.Property(v => v.Result).HasMaxLength(2000);
        b.Property(v => v.VisitedBy).HasMaxLength(100);
    }
}

internal sealed class RatingEscalationConfiguration : IEntityTypeConfiguration<RatingEscalation>
{
    public void Configure(EntityTypeBuilder<RatingEscalation> b)
    {
        b.ToTable("OfficeEscalations");
        // One escalation per level: a second instance or a repeated rating cannot escalate twice.
        b.HasIndex(e => new { e.PetitionId, e.Level }).IsUnique();
        b.Property(e => e.AssignedTo).HasMaxLength(200);
        b.Property(e => e.ResolvedBy).HasMaxLength(100);
        b.Property(e => e.Resolution).HasMaxLength(2000);
    }
}
