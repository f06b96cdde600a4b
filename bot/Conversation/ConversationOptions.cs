using System.ComponentModel.DataAnnotations;

namespace PetitionBot.Bot.Conversation;

/// <summary>Bound from "Conversation".</summary>
public sealed class ConversationOptions
{
    public const string Section = "Conversation";

    /// <summary>After this long without a message, an unfinished form is parked and the citizen is asked whether to continue.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Conversation:IdleExpiry must be between 1 minute and 30 days.")]
    public TimeSpan IdleExpiry { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long delivery ids are remembered so channel retries are answered from memory instead of re-run.</summary>
    [Range(typeof(TimeSpan), "00:10:00", "30.00:00:00", ErrorMessage = "Conversation:DeliveryRetention must be between 10 minutes and 30 days.")]
    public TimeSpan DeliveryRetention { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// Conversations (state, chat lines, handled deliveries) untouched for this long are deleted; a filed petition keeps
    /// its own masked transcript.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "Conversation:Retention must be between 1 day and 3650 days.")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Chat lines kept per conversation (attached, masked, to the petition filed from it).</summary>
    [Range(10, 500, ErrorMessage = "Conversation:TranscriptLines must be between 10 and 500.")]
    public int TranscriptLines { get; set; } = 80;

    /// <summary>POST /api/chat messages allowed per user id and minute.</summary>
    [Range(1, 10_000, ErrorMessage = "Conversation:ChatMessagesPerMinute must be between 1 and 10000.")]
    public int ChatMessagesPerMinute { get; set; } = 60;

    /// <summary>POST /api/chat messages allowed per client address and minute, whatever the user ids.</summary>
    [Range(1, 100_000, ErrorMessage = "Conversation:ChatMessagesPerAddressPerMinute must be between 1 and 100000.")]
    public int ChatMessagesPerAddressPerMinute { get; set; } = 300;

    /// <summary>
    /// The route triage table; relative paths are resolved against the application folder (the Web SDK copies the
    /// project's .json content there, so Conversation/Triage/triage.json ships next to the binaries).
    /// </summary>
    [Required(ErrorMessage = "Conversation:TriagePath must point to the route triage table (triage.json).")]
    public string TriagePath { get; set; } = "Conversation/Triage/triage.json";
}
