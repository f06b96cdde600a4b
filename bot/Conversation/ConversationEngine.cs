using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Conversation.Dialog;
using PetitionBot.Bot.Conversation.Persistence;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Petitions.PersonalData;

namespace PetitionBot.Bot.Conversation;

/// <summary>
/// The one engine every channel talks to. A turn loads the (channel, user) state, runs the dialog and saves with an
/// optimistic concurrency check; on a conflict the turn is run again on the fresh state. A delivery id seen before gets
/// the replies it got the first time, so channel retries never advance the form twice.
/// </summary>
public sealed class ConversationEngine(
    PetitionDbContext db,
    DialogFlow flow,
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

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            db.ChangeTracker.Clear();
            if (message.DeliveryId is { } deliveryId && await FindDeliveryAsync(message.Channel, deliveryId, cancellationToken) is { } earlier)
            {
                logger.LogInformation("Delivery {DeliveryId} on {Channel} already handled; returning the same replies", deliveryId, message.Channel);
                return earlier;
            }

            var record = await db.Set<ConversationRecord>().AsNoTracking()
                .FirstOrDefaultAsync(r => r.Channel == message.Channel && r.UserId == message.UserId, cancellationToken);
            var state = record is null ? new DialogState() : JsonSerializer.Deserialize<DialogState>(record.State, Json) ?? new DialogState();
            var now = time.GetUtcNow().UtcDateTime;
            var turn = new DialogTurn
            {
                Message = message,
                State = state,
                NowUtc = now,
                LastActivityUtc = record is null ? null : DateTime.SpecifyKind(record.UpdatedUtc, DateTimeKind.Utc),
            };

            Record(state, now, "user", DescribeForTranscript(message));
            try
            {
                await flow.HandleAsync(turn, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Nothing is saved for this turn, so the citizen can simply send the message again.
                logger.LogError(ex, "Conversation turn failed on {Channel} (conversation {ConversationId})", message.Channel, record?.Id);
                return [new BotReply("抱歉，系统暂时出了点问题，您已填写的内容没有丢失。请稍后再发一次。")];
            }
            foreach (var reply in turn.Replies) Record(state, now, "bot", reply.Text);

            if (await TrySaveAsync(record, state, message, turn.Replies, now, cancellationToken))
            {
                return turn.Replies;
            }
            logger.LogInformation("Conversation {ConversationId} on {Channel} changed concurrently; re-running the turn (attempt {Attempt})",
                record?.Id, message.Channel, attempt);
        }

        logger.LogWarning("Conversation turn on {Channel} gave up after {Attempts} concurrent conflicts", message.Channel, MaxAttempts);
        return [new BotReply("消息太多、处理不过来了，请稍后再发一次。")];
    }

    private async Task<IReadOnlyList<BotReply>?> FindDeliveryAsync(string channel, string deliveryId, CancellationToken cancellationToken)
    {
        var replies = await db.Set<ProcessedDelivery>().AsNoTracking()
            .Where(d => d.Channel == channel && d.DeliveryId == deliveryId)
            .Select(d => d.Replies)
            .FirstOrDefaultAsync(cancellationToken);
        return replies is null ? null : JsonSerializer.Deserialize<List<BotReply>>(replies, Json);
    }

    /// <summary>Saves state and delivery id in one transaction; false when someone else saved first.</summary>
    private async Task<bool> TrySaveAsync(ConversationRecord? record, DialogState state, IncomingMessage message,
        IReadOnlyList<BotReply> replies, DateTime now, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(state, Json);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            if (message.DeliveryId is { } deliveryId)
            {
                db.Add(new ProcessedDelivery
                {
                    Channel = message.Channel,
                    UserId = message.UserId,
                    DeliveryId = deliveryId,
                    Replies = JsonSerializer.Serialize(replies, Json),
                    AtUtc = now,
                });
                await db.SaveChangesAsync(cancellationToken); // a second delivery of the same message fails here

                var forgetBefore = now - options.Value.DeliveryRetention;
                await db.Set<ProcessedDelivery>()
                    .Where(d => d.Channel == message.Channel && d.UserId == message.UserId && d.AtUtc < forgetBefore)
                    .ExecuteDeleteAsync(cancellationToken);
            }

            if (record is null)
            {
                db.Add(new ConversationRecord
                {
                    Channel = message.Channel,
                    UserId = message.UserId,
                    State = json,
                    Version = 1,
                    CreatedUtc = now,
                    UpdatedUtc = now,
                });
                await db.SaveChangesAsync(cancellationToken); // two first messages race on the unique (channel, user)
            }
            else
            {
                var updated = await db.Set<ConversationRecord>()
                    .Where(r => r.Id == record.Id && r.Version == record.Version)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(r => r.State, json)
                        .SetProperty(r => r.Version, record.Version + 1)
                        .SetProperty(r => r.UpdatedUtc, now), cancellationToken);
                if (updated == 0)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return false;
                }
            }
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private void Record(DialogState state, DateTime now, string speaker, string text)
    {
        if (string.IsNullOrEmpty(text)) return;
        state.Transcript.Add(new TranscriptEntry(now, speaker, Masking.MaskText(text)));
        var excess = state.Transcript.Count - options.Value.TranscriptLines;
        if (excess > 0) state.Transcript.RemoveRange(0, excess);
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
