using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PetitionBot.Bot.Notifications;

internal sealed class OutboxConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("OutboxMessages");
        b.HasIndex(m => m.DedupKey).IsUnique();
        // Only rows still waiting: the dispatcher's poll must not walk the delivered and abandoned ones, which pile up.
        b.HasIndex(m => new { m.NextAttemptUtc, m.Id })
            .HasDatabaseName("IX_OutboxMessages_Pending")
            .HasFilter("\"DeliveredUtc\" IS NULL AND \"AbandonedUtc\" IS NULL");
    }
}
