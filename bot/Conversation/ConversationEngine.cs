using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Conversation.Dialog;
using PetitionBot.Bot.Conversation.Persistence;
using PetitionBot.Bot.Petitions.PersonalData;

namespace PetitionBot.Bot.Conversation;

/// <summary>
/// The one engine every channel talks to. A turn loads the (channel, user) state, runs the dialog and saves with an
/// optimistic concurrency check; on a conflict the turn is run again on the fresh state. A delivery id seen before gets
/// the replies it got the first time, so channel retries never advance the form twice.
/// </summary>
public sealed class ConversationEngine(
    ConversationStore store,
    ProcessedDeliveries deliveries,
    DialogFlow flow,
    Handoff.HandoffDesk handoff,
    TimeProvider time,
    IOptions<ConversationOptions> options,
    ILogger<ConversationEngine> logger) : IConversationEngine
{
    private const int MaxAttempts = 5;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Stored, not rendered: keep Chinese readable for whoever inspects the table.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task<IReadOnlyList<BotReply>> HandleAsync(IncomingMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.UserId);
        // The columns are bounded (Conversations, ProcessedDeliveries); refuse rather than fail on every retry.
        if (message.Channel.Length > 40 || message.UserId.Length > 200 || message.DeliveryId is { Length: > 200 })
            throw new ArgumentException("Channel (≤ 40), user id (≤ 200) or delivery id (≤ 200) is too long.", nameof(message));

        // The span carries the channel only: user ids and texts stay out of traces.
        using var activity = Telemetry.BotTelemetry.Source.StartActivity("conversation.turn");
        activity?.SetTag("channel", message.Channel);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A claimed delivery is new by construction: only its claimant hands it to the engine.
            if (message.DeliveryId is { } deliveryId && !message.DeliveryClaimed
                && await deliveries.FindAsync(message.Channel, deliveryId, cancellationToken) is { Replies: { } earlier })
            {
                logger.LogInformation("Delivery {DeliveryId} on {Channel} already handled; returning the same replies", deliveryId, message.Channel);
                return earlier;
            }

            var record = await store.FindAsync(message.Channel, message.UserId);
            var state = record is null ? new DialogState() : JsonSerializer.Deserialize<DialogState>(record.State, Json) ?? new DialogState();
            var now = time.GetUtcNow().UtcDateTime;
            var turn = new DialogTurn
            {
                Message = message,
                State = state,
                NowUtc = now,
                LastActivityUtc = record is null ? null : DateTime.SpecifyKind(record.UpdatedUtc, DateTimeKind.Utc),
            };

            Record(turn.NewLines, now, "user", DescribeForTranscript(message));
            try
            {
                // While a person has the conversation (转人工) the bot does not answer.
                if (!await handoff.TakeTurnAsync(turn, cancellationToken))
                {
                    await flow.HandleAsync(turn, cancellationToken);
                    handoff.OfferIfStuck(turn);
                }
            }
            catch (Exception ex) when ((ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                                       && !Data.DatabaseHealth.IsOutage(ex)) // an outage is the host's to answer (503, Retry-After)
            {
                // Nothing is saved for this turn, so the citizen can simply send the message again.
                logger.LogError(ex, "Conversation turn failed on {Channel} (conversation {ConversationId})", message.Channel, record?.Id);
                return [new BotReply(IConversationEngine.Apology)];
            }
            var lines = new List<TranscriptEntry>(turn.NewLines);
            foreach (var reply in turn.Replies) Record(lines, now, "bot", reply.Text);
            var transcript = new TranscriptChange(turn.ForgetTranscript ? [] : lines, options.Value.TranscriptLines, turn.ForgetTranscript);

            var delivery = message.DeliveryId is { } id ? new DeliveryRecord(id, turn.Replies, message.DeliveryClaimed) : null;
            if (await store.TrySaveAsync(message.Channel, message.UserId, record, JsonSerializer.Serialize(state, Json), delivery,
                    transcript, now))
            {
                return turn.Replies;
            }
            logger.LogInformation("Conversation {ConversationId} on {Channel} changed concurrently; re-running the turn (attempt {Attempt})",
                record?.Id, message.Channel, attempt);
        }

        logger.LogWarning("Conversation turn on {Channel} gave up after {Attempts} concurrent conflicts", message.Channel, MaxAttempts);
        return [new BotReply("消息太多、处理不过来了，请稍后再发一次。")];
    }

    private static void Record(List<TranscriptEntry> lines, DateTime now, string speaker, string text)
    {
        if (!string.IsNullOrEmpty(text)) lines.Add(new TranscriptEntry(now, speaker, Masking.MaskText(text)));
    }

    private static string DescribeForTranscript(IncomingMessage message)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(message.Text)) parts.Add(message.Text.Trim());
        if (message.Attachments is { Count: > 0 } a) parts.Add($"[{a.Count}张图片]");
        if (message.Event is { } e && parts.Count == 0) parts.Add($"[{e.Kind}]");
        return string.Join(" ", parts);
    }
}
