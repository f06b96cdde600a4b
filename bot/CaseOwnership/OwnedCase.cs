using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PetitionBot.Bot.Office.Auth;
using PetitionBot.Bot.Petitions;

namespace PetitionBot.Bot.CaseOwnership;

/// <summary>
/// 包保: a repeat case owned by a named leader, with its plan (一案一策) and the owner's weekly progress. One per petition;
/// a new owner replaces the old one on the same row, the plan and the progress stay with the case.
/// 信访工作条例 第十八条: leading cadres take charge of (包案) resolving the problems people raise most strongly.
/// </summary>
public class OwnedCase
{
    public long Id { get; set; }
    public long PetitionId { get; set; }
    public Petition Petition { get; set; } = null!;
    /// <summary>The owning leader's office account.</summary>
    public long OwnerUserId { get; set; }
    public OfficeUser Owner { get; set; } = null!;
    public DateTime AssignedUtc { get; set; }
    /// <summary>The Beijing date of the assignment: "no progress in 7 days" counts from it until the first progress.</summary>
    public DateOnly AssignedOn { get; set; }
    public required string AssignedBy { get; set; }
    public List<PlanStep> Plan { get; set; } = [];
    public List<CaseProgress> Progress { get; set; } = [];
    /// <summary>化解销号: the bureau confirmed the matter resolved; the case leaves the weekly watch and keeps its history.</summary>
    public DateOnly? ClosedOn { get; set; }
    public string? ClosedBy { get; set; }
    public string? ClosingNote { get; set; }
}

/// <summary>One step of the plan (一案一策): what is to be done and by when; ticked off by the owner.</summary>
public class PlanStep
{
    public long Id { get; set; }
    public long OwnedCaseId { get; set; }
    public int Order { get; set; }
    public required string Text { get; set; }
    public DateOnly TargetDate { get; set; }
    public DateTime? DoneUtc { get; set; }
    public string? DoneBy { get; set; }
}

/// <summary>One progress note of the owner (the weekly report), kept as history; never changed once written.</summary>
public class CaseProgress
{
    public long Id { get; set; }
    public long OwnedCaseId { get; set; }
    /// <summary>The day the progress was made (Beijing date), which is what the 7-day flag counts from.</summary>
    public DateOnly Date { get; set; }
    public required string Text { get; set; }
    public DateTime RecordedUtc { get; set; }
    public required string RecordedBy { get; set; }
}

internal sealed class OwnedCaseConfiguration : IEntityTypeConfiguration<OwnedCase>
{
    public void Configure(EntityTypeBuilder<OwnedCase> b)
    {
        b.ToTable("OwnedCases");
        // One owner per case: two clerks assigning at once cannot create two cases for one petition.
        b.HasIndex(c => c.PetitionId).IsUnique();
        b.HasIndex(c => c.OwnerUserId);
        b.Property(c => c.AssignedBy).HasMaxLength(64);
        b.Property(c => c.ClosedBy).HasMaxLength(64);
        b.Property(c => c.ClosingNote).HasMaxLength(500);
        b.HasOne(c => c.Petition).WithMany().HasForeignKey(c => c.PetitionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(c => c.Owner).WithMany().HasForeignKey(c => c.OwnerUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.Plan).WithOne().HasForeignKey(s => s.OwnedCaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Progress).WithOne().HasForeignKey(p => p.OwnedCaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlanStepConfiguration : IEntityTypeConfiguration<PlanStep>
{
    public void Configure(EntityTypeBuilder<PlanStep> b)
    {
        b.ToTable("CasePlanSteps");
        b.Property(s => s.Text).HasMaxLength(500);
        b.Property(s => s.DoneBy).HasMaxLength(64);
    }
}

internal sealed class CaseProgressConfiguration : IEntityTypeConfiguration<CaseProgress>
{
    public void Configure(EntityTypeBuilder<CaseProgress> b)
    {
        b.ToTable("CaseProgress");
        b.HasIndex(p => new { p.OwnedCaseId, p.Date });
        b.Property(p => p.Text).HasMaxLength(2000);
        b.Property(p => p.RecordedBy).HasMaxLength(64);
    }
}
