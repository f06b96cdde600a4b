using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PetitionBot.Bot.Grid;

/// <summary>
/// 网格: the small area a grid legal worker (网格员) screens for disputes. Named GridArea because a type called Grid
/// inside the namespace Grid would shadow it everywhere else. Every grid belongs to a unit (HandlingUnit, e.g. a 街道).
/// </summary>
public class GridArea
{
    public long Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Short code, unique, for reports ("CG-01").</summary>
    public required string Code { get; set; }
    public long UnitId { get; set; }
    public bool Active { get; set; } = true;
}

internal sealed class GridAreaConfiguration : IEntityTypeConfiguration<GridArea>
{
    public void Configure(EntityTypeBuilder<GridArea> b)
    {
        b.ToTable("Grids");
        b.Property(g => g.Name).HasMaxLength(100);
        b.Property(g => g.Code).HasMaxLength(40);
        b.HasIndex(g => g.Code).IsUnique();
        b.HasIndex(g => new { g.UnitId, g.Name }).IsUnique();
        b.HasOne<Office.Units.HandlingUnit>().WithMany().HasForeignKey(g => g.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
