namespace PetitionBot.Bot.Petitions.Status;

/// <summary>What a citizen may see of their petition: status and clock, with personal data masked.</summary>
public sealed record PetitionStatusView(
    string TrackingNo,
    string Status,
    string StatusText,
    DateTime ReceivedUtc,
    string ReceivedAt,
    string? CurrentUnit,
    DateTime? DueUtc,
    string? DueDate,
    string? AcceptanceNoticeBy,
    string Petitioner,
    string Phone,
    string IdNumber,
    string? Rating,
    bool CanRate);
