using PetitionBot.Bot.Data;

namespace PetitionBot.Bot.Notifications;

/// <summary>
/// A message waiting to reach a citizen through the channel they used. Rows live in the database
/// (table OutboxMessages) so nothing is lost across restarts; DedupKey is unique so nothing is queued twice.
/// </summary>
public class OutboxMessage
{
    public long Id { get; set; }
    /// <summary>Channel name as in IncomingMessage.Channel.</summary>
    public required string Channel { get; set; }
    public required string UserId { get; set; }
    /// <summary>"status" (petition status change), "reply" (a late chat answer), "text" …</summary>
    public required string Kind { get; set; }
    public required string Text { get; set; }
    public string? TrackingNo { get; set; }
    /// <summary>Unique key: the same logical notification is never queued twice.</summary>
    public required string DedupKey { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime NextAttemptUtc { get; set; }
    public DateTime? DeliveredUtc { get; set; }
    /// <summary>Set when the dispatcher gives up (e.g. the channel's quota window has passed).</summary>
    public DateTime? AbandonedUtc { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    /// <summary>Lease so that only one instance sends a row at a time.</summary>
    public DateTime? LockedUntilUtc { get; set; }
}

public enum DeliveryOutcome { Delivered, RetryLater, GiveUp }

public sealed record DeliveryResult(DeliveryOutcome Outcome, string? Error = null)
{
    public static readonly DeliveryResult Delivered = new(DeliveryOutcome.Delivered);
}

/// <summary>Implemented by each channel that can push a message to a user outside a request.</summary>
public interface INotificationSender
{
    /// <summary>The channel name this sender delivers for.</summary>
    string Channel { get; }

    /// <summary>
    /// Runs in the dispatcher's transaction on <paramref name="db"/> for the whole batch, before anything is sent: a
    /// channel with a send quota takes its slot here, so a batch costs one commit instead of one per message. Null to go
    /// ahead and send; otherwise the outcome, and the message is not sent.
    /// </summary>
    Task<DeliveryResult?> ReserveAsync(PetitionDbContext db, OutboxMessage message, CancellationToken cancellationToken) =>
        Task.FromResult<DeliveryResult?>(null);

    Task<DeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}
