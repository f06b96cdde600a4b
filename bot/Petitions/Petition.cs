namespace PetitionBot.Bot.Petitions;

/// <summary>信访事项: one petition with everything 信访工作条例 第十九条 asks of a written petition.</summary>
public class Petition
{
    public long Id { get; set; }
    /// <summary>XF20261125-0001: per-day sequence (Asia/Shanghai date).</summary>
    public required string TrackingNo { get; set; }
    public PetitionStatus Status { get; set; } = PetitionStatus.Registered;

    // Who (第十九条: 姓名、住址、联系方式)
    public required string PetitionerName { get; set; }
    /// <summary>身份证号, encrypted at rest; never returned or logged in clear.</summary>
    public required string IdNumberProtected { get; set; }
    /// <summary>Keyed hash of the ID number, for repeat look-ups without decrypting.</summary>
    public required string IdNumberHash { get; set; }
    /// <summary>Masked form, e.g. 1101**********123X, safe to show.</summary>
    public required string IdNumberMasked { get; set; }
    public required string Phone { get; set; }
    public required string Address { get; set; }

    // What
    /// <summary>问题发生地 (街道/乡镇).</summary>
    public required string Locality { get; set; }
    /// <summary>涉及单位.</summary>
    public string? ConcernedUnit { get; set; }
    public PetitionCategory Category { get; set; }
    /// <summary>领域: 城乡建设、劳动社保、两拖欠、市场监管、涉法涉诉、自然资源、生态环境、教育卫生、其他.</summary>
    public required string Field { get; set; }
    public required string Request { get; set; }
    public required string FactsAndReasons { get; set; }
    public bool RaisedBefore { get; set; }
    public string? EarlierTrackingNo { get; set; }
    public int PeopleCount { get; set; } = 1;
    /// <summary>Up to five representatives (信访工作条例 第二十条), newline separated.</summary>
    public string? Representatives { get; set; }

    // Triage and links
    public bool LitigationRelated { get; set; }
    public bool IsRepeat { get; set; }
    public long? RepeatOfPetitionId { get; set; }
    /// <summary>
    /// A later petition points back to this one (its RepeatOfPetitionId or the EarlierTrackingNo the citizen gave): the
    /// dashboard's 初转重 without searching three years of repeats. Set by intake (<see cref="RepeatLinks"/>), nowhere else.
    /// </summary>
    public bool HasLaterRepeat { get; set; }
    /// <summary>
    /// 复查 or 复核 was asked for or given (信访工作条例 第三十五、三十六条): not resolved at once. Set by the office workflow
    /// when the status goes to 复查中/复核中 or an opinion at those stages is drafted.
    /// </summary>
    public bool ReviewSought { get; set; }
    /// <summary>Marked by a clerk for 重复信访治理 (a case that may get an owning leader even without a repeat link).</summary>
    public bool RepeatGovernance { get; set; }
    /// <summary>The routes the bot recommended, as route ids joined by ','.</summary>
    public string? SuggestedRoutes { get; set; }

    // Origin
    public required string Channel { get; set; }
    public required string ChannelUserId { get; set; }
    /// <summary>Idempotency key of the confirmation that created this petition (unique).</summary>
    public required string SubmissionKey { get; set; }
    /// <summary>QR-scene unit the citizen came from, if any.</summary>
    public string? SourceUnitCode { get; set; }
    /// <summary>来源: 网上 for the chat channels; what the clerk chose for a petition registered in the office.</summary>
    public PetitionSource Source { get; set; } = PetitionSource.Online;
    /// <summary>The office user who registered it (user name); null when the citizen filed it themselves.</summary>
    public string? ReceivedBy { get; set; }
    /// <summary>That user's name as it was at registration, for the 登记表's 登记人.</summary>
    public string? ReceivedByName { get; set; }
    /// <summary>The visit booking (走访预约) the petition was registered from, kept as a reference.</summary>
    public string? BookingNo { get; set; }

    // Clock, stored in UTC
    public DateTime ReceivedUtc { get; set; }
    public DateTime? AcceptedUtc { get; set; }
    public DateTime? DueUtc { get; set; }
    public DateTime? RepliedUtc { get; set; }
    public DateTime? ConcludedUtc { get; set; }
    /// <summary>When the 复核 opinion was given; from then on the same facts are not accepted again (第三十六条).</summary>
    public DateTime? RecheckedUtc { get; set; }

    // Handling
    public long? HandlingUnitId { get; set; }
    public string? CurrentUnitName { get; set; }
    public string? AssignedClerk { get; set; }

    // Rating (满意/基本满意/不满意)
    public PetitionRating? Rating { get; set; }
    /// <summary>The citizen's own reason, as given with a rating in the chat; the office never writes it.</summary>
    public string? RatingReason { get; set; }
    /// <summary>The clerk's note of the latest 回访 (every visit is kept in FollowUpVisits).</summary>
    public string? FollowUpNote { get; set; }
    public DateTime? RatedUtc { get; set; }

    public List<PetitionPhoto> Photos { get; set; } = [];
    public List<PetitionAttachment> Attachments { get; set; } = [];
    public List<TranscriptLine> Transcript { get; set; } = [];

    /// <summary>Optimistic concurrency token.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
}

public class PetitionPhoto
{
    public long Id { get; set; }
    public long PetitionId { get; set; }
    public string? Url { get; set; }
    public string? MediaId { get; set; }
}

/// <summary>One line of the chat that produced the petition (personal data already masked).</summary>
public class TranscriptLine
{
    public long Id { get; set; }
    public long PetitionId { get; set; }
    public DateTime AtUtc { get; set; }
    /// <summary>"user" or "bot".</summary>
    public required string Speaker { get; set; }
    public required string Text { get; set; }
}

public enum PetitionCategory { Suggestion, Accusation, Grievance }

public enum PetitionRating { Satisfied, MostlySatisfied, Dissatisfied }

public enum PetitionStatus
{
    Registered,      // 已登记
    Accepted,        // 已受理
    Declined,        // 不予受理
    Forwarded,       // 已转送/交办
    InProgress,      // 办理中
    Extended,        // 已延期
    Replied,         // 已答复
    UnderReview,     // 复查中
    UnderRecheck,    // 复核中
    Concluded,       // 办结
    Closed,          // 终结
    TransferredToLegal, // 涉法涉诉，已移交政法机关
    Cancelled,
}
