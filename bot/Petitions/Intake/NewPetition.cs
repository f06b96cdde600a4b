using PetitionBot.Bot.Petitions.PersonalData;

namespace PetitionBot.Bot.Petitions.Intake;

/// <summary>Everything the guided form collected, validated and with the ID number already protected.</summary>
public sealed record NewPetition
{
    public required string SubmissionKey { get; init; }
    public required string Channel { get; init; }
    public required string ChannelUserId { get; init; }
    public required string PetitionerName { get; init; }
    public required ProtectedIdNumber IdNumber { get; init; }
    public required string Phone { get; init; }
    public required string Address { get; init; }
    public required string Locality { get; init; }
    public string? ConcernedUnit { get; init; }
    public PetitionCategory Category { get; init; }
    public required string Field { get; init; }
    public required string Request { get; init; }
    public required string FactsAndReasons { get; init; }
    public bool RaisedBefore { get; init; }
    public string? EarlierTrackingNo { get; init; }
    public int PeopleCount { get; init; } = 1;
    public IReadOnlyList<string> Representatives { get; init; } = [];
    public IReadOnlyList<NewPhoto> Photos { get; init; } = [];
    public bool LitigationRelated { get; init; }
    public IReadOnlyList<string> SuggestedRoutes { get; init; } = [];
    public long? RepeatOfPetitionId { get; init; }
    public string? SourceUnitCode { get; init; }
    public IReadOnlyList<NewTranscriptLine> Transcript { get; init; } = [];
    /// <summary>来源; the chat channels are 网上.</summary>
    public PetitionSource Source { get; init; } = PetitionSource.Online;
    /// <summary>The day the letter, call or visit was received (Asia/Shanghai); null: received now.</summary>
    public DateOnly? ReceivedOn { get; init; }
    /// <summary>The office user who registered it (user name) and their name; null for the citizen's own filing.</summary>
    public string? ReceivedBy { get; init; }
    public string? ReceivedByName { get; init; }
    public string? BookingNo { get; init; }
    public IReadOnlyList<NewAttachment> Attachments { get; init; } = [];
}

/// <summary>A file checked by <see cref="AttachmentKinds"/>, to be stored with the petition.</summary>
public sealed record NewAttachment(string FileName, string ContentType, byte[] Content);

public sealed record NewPhoto(string? Url, string? MediaId);

public sealed record NewTranscriptLine(DateTime AtUtc, string Speaker, string Text);

/// <summary>The stored petition and whether this call created it (false: an earlier confirmation already did).</summary>
public sealed record SubmissionResult(Petition Petition, bool Created);
