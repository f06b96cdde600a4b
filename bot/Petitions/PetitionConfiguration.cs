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
        b.HasMany(p => p.Transcript).WithOne().HasForeignKey(x => x.PetitionId);
    }
}
