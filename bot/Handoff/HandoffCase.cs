using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PetitionBot.Bot.Handoff;

/// <summary>Why a conversation went to a person.</summary>
public enum HandoffReason
{
    /// <summary>The citizen asked (转人工, 找律师, 人工客服, the menu entry).</summary>
    Asked,
    /// <summary>The bot could not help twice in a row and the citizen took the offer.</summary>
    NotHelped,
    /// <summary>A 涉法涉诉 matter and the citizen took the offer.</summary>
    LitigationRelated,
}

/// <summary>Who answers hand-offs on a given day (from the duty rota).</summary>
public enum HandoffAnswerer { Clerk, DutyLawyer }

/// <summary>
/// A citizen's conversation handed to a person (转人工). While it is open (ClosedUtc null) the citizen's messages go to
/// the office and the bot stays silent. It lives in the database so every instance sees the same state.
/// </summary>
public class HandoffCase
{
    public long Id { get; set; }
    public required string Channel { get; set; }
    public required string UserId { get; set; }
    public HandoffReason Reason { get; set; }
    public HandoffAnswerer Answerer { get; set; }
    public DateTime RequestedUtc { get; set; }
    /// <summary>Asked outside office hours: the citizen was told to leave a message for the next working day.</summary>
    public bool OutsideHours { get; set; }
    public DateTime? TakenUtc { get; set; }
    public long? TakenByUserId { get; set; }
    public string? TakenByName { get; set; }
    public DateTime? FirstReplyUtc { get; set; }
    public DateTime? ClosedUtc { get; set; }
    /// <summary>"citizen" when the citizen went back to the bot, otherwise the office user name.</summary>
    public string? ClosedBy { get; set; }
    /// <summary>The petition filed from this hand-off, or the last one the citizen filed before it.</summary>
    public string? PetitionTrackingNo { get; set; }
    /// <summary>The citizen's latest message, personal data masked.</summary>
    public string? LastText { get; set; }
    /// <summary>Optimistic concurrency: two clerks taking or closing the same hand-off cannot both win.</summary>
    public int Version { get; set; }
}

/// <summary>One message of a hand-off: the citizen's (masked) or a reply from the office (as written).</summary>
public class HandoffMessage
{
    public long Id { get; set; }
    public long HandoffId { get; set; }
    public DateTime AtUtc { get; set; }
    /// <summary><see cref="FromCitizen"/> or <see cref="FromOffice"/>.</summary>
    public required string From { get; set; }
    /// <summary>For office replies: as the citizen sees it, e.g. 「值班律师 张律师」.</summary>
    public string? SenderName { get; set; }
    public long? SenderUserId { get; set; }
    public required string Text { get; set; }
    /// <summary>The channel's delivery id of a citizen message: a channel retry is not recorded twice.</summary>
    public string? DeliveryId { get; set; }

    public const string FromCitizen = "citizen";
    public const string FromOffice = "office";
}

internal sealed class HandoffConfiguration : IEntityTypeConfiguration<HandoffCase>
{
    public void Configure(EntityTypeBuilder<HandoffCase> b)
    {
        b.ToTable("Handoffs");
        b.Property(h => h.Channel).HasMaxLength(40);
        b.Property(h => h.UserId).HasMaxLength(200);
        b.Property(h => h.TakenByName).HasMaxLength(100);
        b.Property(h => h.ClosedBy).HasMaxLength(100);
        b.Property(h => h.PetitionTrackingNo).HasMaxLength(40);
        b.Property(h => h.LastText).HasMaxLength(500);
        b.Property(h => h.Version).IsConcurrencyToken();
        // At most one open hand-off per conversation, whichever instance handles the citizen's message.
        b.HasIndex(h => new { h.Channel, h.UserId }).IsUnique().HasFilter("\"ClosedUtc\" IS NULL");
        b.HasIndex(h => h.RequestedUtc);
        b.HasIndex(h => h.PetitionTrackingNo);
    }
}

internal sealed class HandoffMessageConfiguration : IEntityTypeConfiguration<HandoffMessage>
{
    public void Configure(EntityTypeBuilder<HandoffMessage> b)
    {
        b.ToTable("HandoffMessages");
        b.Property(m => m.From).HasMaxLength(10);
        b.Property(m => m.SenderName).HasMaxLength(120);
        b.Property(m => m.DeliveryId).HasMaxLength(200);
        b.HasOne<HandoffCase>().WithMany().HasForeignKey(m => m.HandoffId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => new { m.HandoffId, m.Id });
        b.HasIndex(m => new { m.HandoffId, m.DeliveryId }).IsUnique().HasFilter("\"DeliveryId\" IS NOT NULL");
        b.HasIndex(m => m.SenderUserId);
    }
}
