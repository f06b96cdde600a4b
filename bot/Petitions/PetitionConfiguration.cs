using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PetitionBot.Bot.Petitions;

internal sealed class PetitionConfiguration : IEntityTypeConfiguration<Petition>
{
    public void Configure(EntityTypeBuilder<Petition> b)
    {
        b.HasIndex(p => p.TrackingNo).IsUnique();
        b.HasIndex(p => p.SubmissionKey).IsUnique();
        b.HasIndex(p => p.IdNumberHash);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasMany(p => p.Photos).WithOne().HasForeignKey(x => x.PetitionId);
        b.Property(p => p.ReceivedBy).HasMaxLength(64);
        b.Property(p => p.ReceivedByName).HasMaxLength(100);
        b.Property(p => p.BookingNo).HasMaxLength(40);
        b.HasIndex(p => p.Source);
        b.HasMany(p => p.Transcript).WithOne().HasForeignKey(x => x.PetitionId);
    }
}
