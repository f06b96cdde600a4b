using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PetitionBot.Bot.Office.Units;

/// <summary>办理单位: a body petitions are forwarded or assigned to. Petition.HandlingUnitId refers to Id.</summary>
public class HandlingUnit
{
    public long Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Short code, also used as the QR scene (Petition.SourceUnitCode).</summary>
    public required string Code { get; set; }
    /// <summary>单位负责人: who an item goes to when the citizen is 不满意.</summary>
    public string? HeadName { get; set; }
    /// <summary>政法机关 (法院、检察院、公安、司法行政): the destination of 涉法涉诉 items (第二十二条).</summary>
    public bool IsPoliticalLegal { get; set; }
    public bool Active { get; set; } = true;
}

internal sealed class HandlingUnitConfiguration : IEntityTypeConfiguration<HandlingUnit>
{
    public void Configure(EntityTypeBuilder<HandlingUnit> b)
    {
        b.ToTable("OfficeUnits");
        b.HasIndex(u => u.Name).IsUnique();
        b.HasIndex(u => u.Code).IsUnique();
        b.Property(u => u.Name).HasMaxLength(200);
        b.Property(u => u.Code).HasMaxLength(40);
        b.Property(u => u.HeadName).HasMaxLength(100);
    }
}
