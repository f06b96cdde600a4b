using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PetitionBot.Bot.Grid;

/// <summary>风险等级 of a dispute found in screening.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DisputeRisk>))]
public enum DisputeRisk { General, Major, Serious }

/// <summary>Where a dispute stands in the ledger.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DisputeStatus>))]
public enum DisputeStatus
{
    /// <summary>已排查: recorded, nothing under way yet.</summary>
    Found,
    Mediating,
    /// <summary>已化解 in the community (化解在基层), with how.</summary>
    Resolved,
    /// <summary>转信访: filed as a petition on the citizen's behalf (or about to be, once they confirm).</summary>
    ToPetition,
    /// <summary>转诉讼/仲裁, with the route.</summary>
    ToLitigation,
}

/// <summary>
/// One line of the 矛盾纠纷排查台账: a dispute a grid worker found, what was done, and when to look again. The steps are
/// in the audit log (subject "dispute:{Id}"), which is append-only, so the ledger's history cannot be rewritten.
/// </summary>
public class Dispute
{
    public long Id { get; set; }
    public long GridId { get; set; }
    /// <summary>当事人, as the worker wrote them (names, sometimes a household or a company).</summary>
    public required string Parties { get; set; }
    /// <summary>发生地点.</summary>
    public required string Place { get; set; }
    /// <summary>纠纷类型, one of <see cref="DisputeLabels.Kinds"/>.</summary>
    public required string Kind { get; set; }
    public DisputeRisk Risk { get; set; }
    /// <summary>简要情况.</summary>
    public required string Summary { get; set; }
    /// <summary>已采取的措施, the latest account (each step's own words are in the audit log).</summary>
    public string? Actions { get; set; }
    /// <summary>下次跟进日期 (Beijing date); null once no follow-up is due (resolved or handed on).</summary>
    public DateOnly? NextFollowUp { get; set; }
    public DisputeStatus Status { get; set; } = DisputeStatus.Found;
    /// <summary>化解方式, for 已化解.</summary>
    public string? Resolution { get; set; }
    /// <summary>诉讼/仲裁 route (a route of the knowledge base's catalogue, by name), for 转诉讼/仲裁.</summary>
    public string? Route { get; set; }
    /// <summary>The petition filed from this dispute (代为登记), once the citizen confirmed it.</summary>
    public string? PetitionTrackingNo { get; set; }
    /// <summary>排查发现日期 (Beijing date).</summary>
    public DateOnly FoundOn { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public required string RecordedBy { get; set; }
    /// <summary>Optimistic concurrency: two updates from a stale page cannot both win.</summary>
    public int Version { get; set; }
}

/// <summary>The one table of how the ledger's values are named to people.</summary>
public static class DisputeLabels
{
    public static readonly string[] Kinds =
        ["婚姻家庭", "邻里纠纷", "劳动争议", "土地山林", "房屋宅基地", "物业纠纷", "征地拆迁", "合同债务", "损害赔偿", "其他"];

    public static string Label(DisputeRisk risk) => risk switch
    {
        DisputeRisk.General => "一般",
        DisputeRisk.Major => "较大",
        DisputeRisk.Serious => "重大",
        _ => risk.ToString(),
    };

    public static string Label(DisputeStatus status) => status switch
    {
        DisputeStatus.Found => "已排查",
        DisputeStatus.Mediating => "调解中",
        DisputeStatus.Resolved => "已化解",
        DisputeStatus.ToPetition => "转信访",
        DisputeStatus.ToLitigation => "转诉讼/仲裁",
        _ => status.ToString(),
    };

    /// <summary>Finished lines need no follow-up.</summary>
    public static bool IsFinished(DisputeStatus status) => status is DisputeStatus.Resolved or DisputeStatus.ToPetition or DisputeStatus.ToLitigation;
}

internal sealed class DisputeConfiguration : IEntityTypeConfiguration<Dispute>
{
    public void Configure(EntityTypeBuilder<Dispute> b)
    {
        b.ToTable("Disputes");
        b.Property(d => d.Parties).HasMaxLength(200);
        b.Property(d => d.Place).HasMaxLength(200);
        b.Property(d => d.Kind).HasMaxLength(40);
        b.Property(d => d.Summary).HasMaxLength(2000);
        b.Property(d => d.Actions).HasMaxLength(2000);
        b.Property(d => d.Resolution).HasMaxLength(500);
        b.Property(d => d.Route).HasMaxLength(100);
        b.Property(d => d.PetitionTrackingNo).HasMaxLength(40);
        b.Property(d => d.RecordedBy).HasMaxLength(64);
        b.Property(d => d.Version).IsConcurrencyToken();
        b.HasOne<GridArea>().WithMany().HasForeignKey(d => d.GridId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(d => new { d.GridId, d.NextFollowUp });
        b.HasIndex(d => d.PetitionTrackingNo);
    }
}
