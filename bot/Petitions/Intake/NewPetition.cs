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
}

public sealed record NewPhoto(string? Url, string? MediaId);

public sealed record NewTranscriptLine(DateTime AtUtc, string Speaker, string Text);

/// <summary>The stored petition and whether this call created it (false: an earlier confirmation already did).</summary>
public sealed record SubmissionResult(Petition Petition, bool Created);
