namespace PetitionBot.Bot.Conversation.Filing;

/// <summary>The items of a written petition (信访工作条例 第十九条; representatives as contacts when many people file together), in the order they are asked.</summary>
public enum FormField
{
    Name,
    IdNumber,
    Phone,
    Address,
    Locality,
    ConcernedUnit,
    Category,
    Field,
    Request,
    FactsAndReasons,
    RaisedBefore,
    EarlierTrackingNo,
    PeopleCount,
    Representatives,
    Photos,
}

/// <summary>The form being filled. The ID number is kept only in protected form, even here.</summary>
public sealed class FormState
{
    /// <summary>Identifies this form; its confirmation's SubmissionKey derives from it, so a repeated confirm is harmless.</summary>
    public Guid FormId { get; set; } = Guid.NewGuid();
    public DateTime StartedUtc { get; set; }
    /// <summary>The field being asked now; null once everything is in.</summary>
    public FormField? Current { get; set; }
    /// <summary>A field being re-entered after "电话写错了" or "修改".</summary>
    public FormField? Correcting { get; set; }
    public bool Confirming { get; set; }
    /// <summary>Showing what the model read from the citizen's story, awaiting "没问题" or "修改".</summary>
    public bool Reviewing { get; set; }
    /// <summary>The story has been given to the model once for this form; never a second call.</summary>
    public bool StoryRead { get; set; }
    public bool ChoosingCorrection { get; set; }
    /// <summary>The earlier petition found by repeat detection, awaiting the citizen's decision.</summary>
    public RepeatNotice? Repeat { get; set; }
    public bool RepeatChecked { get; set; }
    public DraftPetition Draft { get; set; } = new();
    /// <summary>代为登记: the dispute a grid worker prepared this form from; the petition is linked to it once confirmed.</summary>
    public long? OnBehalfDisputeId { get; set; }
}

public sealed record RepeatNotice(long PetitionId, string TrackingNo, bool ThroughRecheck);

public sealed class DraftPetition
{
    public string? Name { get; set; }
    public string? IdNumberProtected { get; set; }
    public string? IdNumberHash { get; set; }
    public string? IdNumberMasked { get; set; }
    public string? Phone { get; set; }
    public string? Address { get; set; }
    public string? Locality { get; set; }
    public string? ConcernedUnit { get; set; }
    public string? Category { get; set; }
    public string? Field { get; set; }
    public string? Request { get; set; }
    public string? FactsAndReasons { get; set; }
    public bool? RaisedBefore { get; set; }
    public string? EarlierTrackingNo { get; set; }
    public int? PeopleCount { get; set; }
    public List<string> Representatives { get; set; } = [];
    public List<DraftPhoto> Photos { get; set; } = [];
    public bool LitigationRelated { get; set; }
    public List<string> SuggestedRoutes { get; set; } = [];
    public long? RepeatOfPetitionId { get; set; }
    /// <summary>Fields answered (or skipped); a field not in here is still to be asked.</summary>
    public List<FormField> Answered { get; set; } = [];
    /// <summary>Fields taken from the citizen's first description rather than asked.</summary>
    public List<FormField> Prefilled { get; set; } = [];
}

public sealed record DraftPhoto(string? Url, string? MediaId);
