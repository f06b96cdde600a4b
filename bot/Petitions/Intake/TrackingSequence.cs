using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PetitionBot.Bot.Petitions.Intake;

/// <summary>
/// The last tracking number handed out on one Asia/Shanghai day. Incremented in the same transaction that inserts the
/// petition, so a rolled-back submission gives its number back and numbers have no gaps.
/// </summary>
public class TrackingSequence
{
    /// <summary>yyyyMMdd in Asia/Shanghai.</summary>
    public required string Day { get; set; }
    public int Last { get; set; }
}

internal sealed class TrackingSequenceConfiguration : IEntityTypeConfiguration<TrackingSequence>
{
    public void Configure(EntityTypeBuilder<TrackingSequence> b)
    {
        b.ToTable("TrackingSequences");
        b.HasKey(s => s.Day);
        b.Property(s => s.Day).HasMaxLength(8);
    }
}
