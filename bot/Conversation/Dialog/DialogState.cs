using PetitionBot.Bot.Conversation.Filing;

namespace PetitionBot.Bot.Conversation.Dialog;

/// <summary>What the bot is waiting for from the citizen.</summary>
public enum DialogMode
{
    Idle,
    /// <summary>Chose 法规咨询: the next text is a legal question.</summary>
    Consult,
    /// <summary>Chose 我该走什么途径: the next text describes the dispute.</summary>
    AwaitingDispute,
    /// <summary>A triage clarifying question is open.</summary>
    Clarifying,
    Filing,
    StatusTrackingNo,
    StatusPhone,
    RatingChoosePetition,
    RatingTrackingNo,
    RatingPhone,
    RatingValue,
    RatingReason,
    /// <summary>走访预约: choosing a reception day, then name, phone, the matter, the confirmation.</summary>
    VisitDay,
    VisitName,
    VisitPhone,
    VisitMatter,
    VisitConfirm,
    /// <summary>取消预约: the booking number, then the last four phone digits.</summary>
    VisitCancelNo,
    VisitCancelPhone,
}

/// <summary>Everything the conversation remembers between messages; stored as JSON in ConversationRecord.State.</summary>
public sealed class DialogState
{
    public DialogMode Mode { get; set; } = DialogMode.Idle;
    public FormState? Form { get; set; }
    /// <summary>A form parked after 24 h idle or a detour to the menu; "继续填写" brings it back.</summary>
    public FormState? SuspendedForm { get; set; }
    public TriageState? Triage { get; set; }
    public LookupState? Lookup { get; set; }
    public RatingState? Rating { get; set; }
    public Visit.VisitState? Visit { get; set; }
    public LastSubmission? LastSubmission { get; set; }
    /// <summary>Unit code of the QR code the citizen scanned, carried onto petitions they file.</summary>
    public string? SourceUnitCode { get; set; }
    /// <summary>The citizen's last question, ID numbers masked, so a follow-up ("能延期吗") is read with it.</summary>
    public AskedBefore? LastQuestion { get; set; }
    /// <summary>Failed status look-ups (number + phone digits that did not match), for throttling guesses.</summary>
    public List<DateTime> FailedLookups { get; set; } = [];
    /// <summary>Answers in a row that did not help; at two the bot offers a person.</summary>
    public int NotHelpedInARow { get; set; }
    /// <summary>Why a person was last offered, recorded on the hand-off if the citizen takes the offer.</summary>
    public Handoff.HandoffReason? HandoffOffered { get; set; }

    /// <summary>Puts the open form aside (a detour to the menu, 24 h idle) rather than losing it; "继续填写" brings it back.</summary>
    public void ParkForm()
    {
        if (Form is null) return;
        SuspendedForm = Form;
        Form = null;
        Mode = DialogMode.Idle;
    }
}

/// <summary>A question the knowledge base answered, and when.</summary>
public sealed record AskedBefore(string Text, DateTime AtUtc)
{
    /// <summary>The follow-ups on it answered since ("能延期吗"), ID numbers masked, oldest first, the last few only.</summary>
    public IReadOnlyList<string> FollowUps { get; init; } = [];
}

/// <summary>A chat line, personal data masked (stored as a ConversationLine).</summary>
public sealed record TranscriptEntry(DateTime AtUtc, string Speaker, string Text);

/// <summary>The last route triage: the description, what it found, and any open clarifying question.</summary>
public sealed class TriageState
{
    public required string Description { get; set; }
    public List<string> Routes { get; set; } = [];
    public bool LitigationRelated { get; set; }
    public string? Field { get; set; }
    public string? Category { get; set; }
    public string? RuleId { get; set; }
    public List<string> Asked { get; set; } = [];
    public string? PendingQuestion { get; set; }
    public DateTime AtUtc { get; set; }
}

public sealed class LookupState
{
    public string? TrackingNo { get; set; }
}

public sealed class RatingState
{
    public string? TrackingNo { get; set; }
    public List<string> Candidates { get; set; } = [];
    public string? Value { get; set; }
}

/// <summary>The petition this conversation filed last, so a repeated "确认提交" gets the same number.</summary>
public sealed record LastSubmission(string TrackingNo, Guid FormId, DateTime AtUtc);
