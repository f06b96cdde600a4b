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
        // The office at a million rows (issue 24): the queue walks running deadlines by due date, then the rest newest
        // first (per status or unit when filtered); the dashboard reads a period by date of receipt and looks for later
        // petitions pointing back (初转重); the search box looks up a name prefix or a phone number.
        b.HasIndex(p => p.DueUtc);
        // The dashboard's passes over a period read only this index on PostgreSQL (index-only scans of a third of the rows
        // instead of the 700 MB table at a million petitions); SQLite has no INCLUDE and keeps the plain index.
        b.HasIndex(p => p.ReceivedUtc).IncludeProperties(p => new
        {
            p.Field, p.Status, p.IsRepeat, p.RaisedBefore, p.RepliedUtc, p.Rating, p.HasLaterRepeat, p.ReviewSought, p.CurrentUnitName, p.Source,
        });
        b.HasIndex(p => new { p.Status, p.ReceivedUtc });
        b.HasIndex(p => new { p.HandlingUnitId, p.ReceivedUtc });
        // The queue's 不满意 filter (with or without a field, newest first): only the rated-dissatisfied rows, a few percent.
        b.HasIndex(p => new { p.Field, p.ReceivedUtc }).HasFilter("\"Rating\" = 'Dissatisfied'");
        b.HasIndex(p => p.RepeatOfPetitionId);
        b.HasIndex(p => p.EarlierTrackingNo);
        b.HasIndex(p => p.PetitionerName);
        b.HasIndex(p => p.Phone);
        // The petition page's 相似事项 (same place, field and concerned unit): every arm of its look-up is indexed.
        b.HasIndex(p => new { p.ConcernedUnit, p.Locality, p.Field });
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasMany(p => p.Photos).WithOne().HasForeignKey(x => x.PetitionId);
        b.Property(p => p.ReceivedBy).HasMaxLength(64);
        b.Property(p => p.ReceivedByName).HasMaxLength(100);
        b.Property(p => p.BookingNo).HasMaxLength(40);
        b.HasIndex(p => p.Source);
        b.HasMany(p => p.Transcript).WithOne().HasForeignKey(x => x.PetitionId);
    }
}
