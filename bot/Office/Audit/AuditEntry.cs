using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PetitionBot.Bot.Office.Audit;

/// <summary>One line of the append-only audit log: who did what, when, and the state before and after.</summary>
public class AuditEntry
{
    public long Id { get; init; }
    public DateTime AtUtc { get; init; }
    public required string Actor { get; init; }
    public required string Action { get; init; }
    /// <summary>What it was done to: a tracking number, "user:name", "unit:code".</summary>
    public string? Subject { get; init; }
    public string? Before { get; init; }
    public string? After { get; init; }
    public string? RemoteIp { get; init; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("OfficeAudit");
        b.HasIndex(a => a.AtUtc);
        b.HasIndex(a => a.Subject);
        b.Property(a => a.Actor).HasMaxLength(100);
        b.Property(a => a.Action).HasMaxLength(60);
        b.Property(a => a.Subject).HasMaxLength(100);
        b.Property(a => a.RemoteIp).HasMaxLength(64);
    }
}

/// <summary>Refuses any change or deletion of audit rows, whichever code path tries it.</summary>
internal sealed class AppendOnlyAuditInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? context)
    {
        if (context is null) return;
        foreach (var entry in context.ChangeTracker.Entries<AuditEntry>())
        {
            if (entry.State is EntityState.Modified or EntityState.Deleted)
                throw new InvalidOperationException("The audit log is append-only: audit entries cannot be changed or deleted.");
        }
    }
}
