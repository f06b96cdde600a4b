using System.ComponentModel.DataAnnotations;

namespace PetitionBot.Bot.Notifications;

/// <summary>Bound from "Outbox": how the dispatcher polls, leases and retries.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Run the background dispatcher in this instance (every instance may; leases keep sends single).</summary>
    public bool Enabled { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "Outbox:PollInterval must be between 100 ms and 1 hour.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a claimed row stays with one instance; longer than any single send may take.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00", ErrorMessage = "Outbox:Lease must be between 5 seconds and 1 hour.")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    [Range(1, 1000, ErrorMessage = "Outbox:BatchSize must be between 1 and 1000.")]
    public int BatchSize { get; set; } = 100;

    /// <summary>Citizens sent to at the same time (one citizen's messages always go one after another, in order).</summary>
    [Range(1, 64, ErrorMessage = "Outbox:Parallelism must be between 1 and 64.")]
    public int Parallelism { get; set; } = 4;

    /// <summary>Attempts before a row is abandoned.</summary>
    [Range(1, 100, ErrorMessage = "Outbox:MaxAttempts must be between 1 and 100.")]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay; doubled on each further attempt up to MaxDelay.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Outbox:BaseDelay must be between 1 second and 1 day.")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "Outbox:MaxDelay must be between 1 second and 7 days.")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(2);
}
