using System.ComponentModel.DataAnnotations;

namespace PetitionBot.Bot.Office;

/// <summary>Section "Office". Every value has a working default; the bootstrap admin is only read on the first start.</summary>
public sealed class OfficeOptions
{
    public const string Section = "Office";

    public BootstrapAdminOptions BootstrapAdmin { get; set; } = new();

    [Range(1, 20, ErrorMessage = "Office:MaxFailedLogins must be between 1 and 20.")]
    public int MaxFailedLogins { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "Office:LockoutDuration must be between 00:01:00 and 1.00:00:00.")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in attempts one client address may make per minute (any user names), before passwords are checked.</summary>
    [Range(1, 10_000, ErrorMessage = "Office:SignInAttemptsPerMinute must be between 1 and 10000.")]
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>Off only where something else runs the scan (tests call DeadlineScanner directly).</summary>
    public bool DeadlineWatchEnabled { get; set; } = true;

    /// <summary>How often the deadline watch scans.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00", ErrorMessage = "Office:DeadlineScanInterval must be between 00:00:05 and 1.00:00:00.")]
    public TimeSpan DeadlineScanInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>"Due soon" means within this many days (the queue filter and the supervisors' notices).</summary>
    [Range(1, 30, ErrorMessage = "Office:DueSoonDays must be between 1 and 30.")]
    public int DueSoonDays { get; set; } = 3;

    /// <summary>回访 is due this many days after the answer (the regulation sets no number; the bureau does).</summary>
    [Range(1, 90, ErrorMessage = "Office:FollowUpDays must be between 1 and 90.")]
    public int FollowUpDays { get; set; } = 15;

    /// <summary>Days a unit head (then a county leader) has to put a 不满意 item right.</summary>
    [Range(1, 90, ErrorMessage = "Office:RectifyDays must be between 1 and 90.")]
    public int RectifyDays { get; set; } = 15;

    /// <summary>A clerk may register a letter, visit or call received at most this many days ago (older dates are taken as typing errors).</summary>
    [Range(1, 3650, ErrorMessage = "Office:RegistrationMaxAgeDays must be between 1 and 3650.")]
    public int RegistrationMaxAgeDays { get; set; } = 60;

    /// <summary>The largest scanned page or PDF a clerk may attach to a petition.</summary>
    [Range(10_000, 20_000_000, ErrorMessage = "Office:AttachmentMaxBytes must be between 10000 and 20000000 (bytes).")]
    public int AttachmentMaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Attachments per registration.</summary>
    [Range(1, 20, ErrorMessage = "Office:AttachmentsPerPetition must be between 1 and 20.")]
    public int AttachmentsPerPetition { get; set; } = 5;

    /// <summary>
    /// The body a registration may send: room for the allowed scanned pages (in base64 for the JSON API, 4 bytes for
    /// every 3) and the form; the page's upload and the JSON API use the same room.
    /// </summary>
    public int RegistrationBodyBytes(bool base64) =>
        (int)Math.Min(int.MaxValue, (long)AttachmentMaxBytes * AttachmentsPerPetition * (base64 ? 4 : 3) / 3 + 256 * 1024);

    /// <summary>Name shown on printed forms (信访事项登记表, 信访处理意见书).</summary>
    [Required(ErrorMessage = "Office:BureauName must name the bureau, e.g. 某区信访局.")]
    public string BureauName { get; set; } = "区信访局";
}

public sealed class BootstrapAdminOptions
{
    public string? User { get; set; }

    [MinLength(10, ErrorMessage = "Office:BootstrapAdmin:Password must be at least 10 characters (or leave it unset for a random one).")]
    public string? Password { get; set; }
}
