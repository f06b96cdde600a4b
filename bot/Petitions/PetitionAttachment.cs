using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PetitionBot.Bot.Petitions;

/// <summary>
/// A scanned letter or material a clerk registered with the petition (image or PDF). Kept in the database with the
/// petition, so backups and access control are the petition's own; served only to an office session.
/// </summary>
public class PetitionAttachment
{
    public long Id { get; set; }
    public long PetitionId { get; set; }
    /// <summary>The name as uploaded, for the clerk; never used as a path.</summary>
    public required string FileName { get; set; }
    /// <summary>Decided from the file's first bytes, not from what the browser said.</summary>
    public required string ContentType { get; set; }
    public long Length { get; set; }
    public required byte[] Content { get; set; }
    public DateTime UploadedUtc { get; set; }
    public required string UploadedBy { get; set; }
}

internal sealed class PetitionAttachmentConfiguration : IEntityTypeConfiguration<PetitionAttachment>
{
    public void Configure(EntityTypeBuilder<PetitionAttachment> b)
    {
        b.ToTable("PetitionAttachments");
        b.Property(a => a.FileName).HasMaxLength(200);
        b.Property(a => a.ContentType).HasMaxLength(40);
        b.Property(a => a.UploadedBy).HasMaxLength(64);
        b.HasOne<Petition>().WithMany(p => p.Attachments).HasForeignKey(a => a.PetitionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => a.PetitionId);
    }
}

/// <summary>What a file is, by its magic bytes: the content type the browser sent is not believed.</summary>
public static class AttachmentKinds
{
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Pdf = "application/pdf";

    public static string? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return Png;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return Jpeg;
        if (head.StartsWith("%PDF-"u8)) return Pdf;
        return null;
    }

    public static bool IsImage(string contentType) => contentType is Png or Jpeg;
}
