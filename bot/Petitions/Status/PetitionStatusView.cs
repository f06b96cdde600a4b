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
    bool CanRate)
{
    /// <summary>The 处理意见 (信访处理意见书, 复查意见, 复核意见) as answered, latest first; empty until answered.</summary>
    public IReadOnlyList<OpinionView> Opinions { get; init; } = [];

    /// <summary>Every status notice sent to the citizen about this petition, oldest first.</summary>
    public IReadOnlyList<NoticeView> Notices { get; init; } = [];
}

public sealed record OpinionView(string Title, string Outcome, string Text, string? LegalBasis, string? IssuingUnit, string RepliedAt);

public sealed record NoticeView(string At, string Text);
