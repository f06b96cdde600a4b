using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PetitionBot.Bot.Data;
using PetitionBot.Bot.Petitions.PersonalData;
using PetitionBot.Bot.Channels.Activities;

namespace PetitionBot.Bot.Channels.Web.DirectLine;

/// <summary>A Direct Line conversation: one per token from tokens/generate, owned by the user id inside that token.</summary>
public class DirectLineConversation
{
    public required string Id { get; set; }
    public required string UserId { get; set; }
    public DateTime CreatedUtc { get; set; }
    /// <summary>Set once the welcome was produced, so reconnects do not greet again.</summary>
    public DateTime? WelcomedUtc { get; set; }
}

/// <summary>
/// One activity of a conversation, as the JSON Web Chat reads back. The row id is the watermark, so polling resumes
/// where it left off across restarts.
/// </summary>
public class DirectLineActivity
{
    public long Id { get; set; }
    public required string ConversationId { get; set; }
    /// <summary>channelData.clientActivityID of a user's activity: a resent activity is stored and answered once.</summary>
    public string? ClientActivityId { get; set; }
    public required string Json { get; set; }
    public DateTime CreatedUtc { get; set; }
}

/// <summary>The generated token signing key (a single row), when none is configured.</summary>
public class DirectLineSigningKey
{
    public int Id { get; set; }
    public required string Key { get; set; }
    public DateTime CreatedUtc { get; set; }
}

internal sealed class DirectLineConfiguration :
    IEntityTypeConfiguration<DirectLineConversation>, IEntityTypeConfiguration<DirectLineActivity>, IEntityTypeConfiguration<DirectLineSigningKey>
{
    public void Configure(EntityTypeBuilder<DirectLineConversation> b)
    {
        b.ToTable("DirectLineConversations");
        b.Property(c => c.Id).HasMaxLength(64);
        b.Property(c => c.UserId).HasMaxLength(64);
        b.HasIndex(c => new { c.UserId, c.CreatedUtc });
    }

    public void Configure(EntityTypeBuilder<DirectLineActivity> b)
    {
        b.ToTable("DirectLineActivities");
        b.Property(a => a.ConversationId).HasMaxLength(64);
        b.Property(a => a.ClientActivityId).HasMaxLength(128);
        b.HasIndex(a => new { a.ConversationId, a.Id });
        b.HasIndex(a => new { a.ConversationId, a.ClientActivityId }).IsUnique();
        b.HasOne<DirectLineConversation>().WithMany().HasForeignKey(a => a.ConversationId);
    }

    public void Configure(EntityTypeBuilder<DirectLineSigningKey> b)
    {
        b.ToTable("DirectLineSigningKeys");
        b.Property(k => k.Id).ValueGeneratedNever();
    }
}

/// <summary>Reads and appends the activities of Direct Line conversations.</summary>
internal sealed class DirectLineStore(PetitionDbContext db, TimeProvider time)
{
    private const int PageSize = 100;

    public Task<DirectLineConversation?> FindConversationAsync(string id, CancellationToken cancellationToken) =>
        db.Set<DirectLineConversation>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);

    public Task<DirectLineConversation?> LatestConversationOfAsync(string userId, CancellationToken cancellationToken) =>
        db.Set<DirectLineConversation>().AsNoTracking()
            .Where(c => c.UserId == userId)
            .OrderByDescending(c => c.CreatedUtc)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<DirectLineConversation> StartConversationAsync(string id, string userId, CancellationToken cancellationToken)
    {
        var conversation = new DirectLineConversation { Id = id, UserId = userId, CreatedUtc = time.GetUtcNow().UtcDateTime };
        db.Add(conversation);
        await db.SaveChangesAsync(cancellationToken);
        return conversation;
    }

    /// <summary>True for exactly one caller per conversation: that one produces the welcome.</summary>
    public async Task<bool> ClaimWelcomeAsync(string conversationId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return await db.Set<DirectLineConversation>()
            .Where(c => c.Id == conversationId && c.WelcomedUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.WelcomedUtc, now), cancellationToken) == 1;
    }

    /// <summary>The id of the stored activity with this clientActivityID, if the user sent it before.</summary>
    public async Task<string?> FindByClientActivityIdAsync(string conversationId, string clientActivityId, CancellationToken cancellationToken)
    {
        var row = await db.Set<DirectLineActivity>().AsNoTracking()
            .Where(a => a.ConversationId == conversationId && a.ClientActivityId == clientActivityId)
            .Select(a => (long?)a.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return row is { } id ? ActivityId(conversationId, id) : null;
    }

    /// <summary>Stores an activity (its id is assigned here) and returns that id.</summary>
    public async Task<string> AppendAsync(string conversationId, JsonObject activity, string? clientActivityId, CancellationToken cancellationToken)
    {
        activity.Remove("id");
        var row = new DirectLineActivity
        {
            ConversationId = conversationId,
            ClientActivityId = clientActivityId,
            Json = MaskPersonalData(activity.DeepClone()).ToJsonString(ActivityJson.Options),
            CreatedUtc = time.GetUtcNow().UtcDateTime,
        };
        db.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return ActivityId(conversationId, row.Id);
    }

    public Task<string> AppendAsync(string conversationId, Activity activity, CancellationToken cancellationToken) =>
        AppendAsync(conversationId, JsonSerializer.SerializeToNode(activity, ActivityJson.Options)!.AsObject(), null, cancellationToken);

    /// <summary>The activities after the watermark, and the watermark to ask with next.</summary>
    public async Task<(IReadOnlyList<JsonObject> Activities, string? Watermark)> ReadAsync(
        string conversationId, string? watermark, CancellationToken cancellationToken)
    {
        var after = long.TryParse(watermark, out var w) && w > 0 ? w : 0;
        var rows = await db.Set<DirectLineActivity>().AsNoTracking()
            .Where(a => a.ConversationId == conversationId && a.Id > after)
            .OrderBy(a => a.Id)
            .Take(PageSize)
            .ToListAsync(cancellationToken);
        var activities = rows.Select(row =>
        {
            var activity = JsonNode.Parse(row.Json)!.AsObject();
            activity["id"] = ActivityId(conversationId, row.Id);
            return activity;
        }).ToList();
        return (activities, rows.Count > 0 ? rows[^1].Id.ToString() : after > 0 ? after.ToString() : null);
    }

    /// <summary>
    /// ID and phone numbers in any string of the activity (text, card values …) are masked before it is stored: the
    /// stored copy is what Web Chat reads back, and the engine has already been given the words as typed.
    /// </summary>
    private static JsonNode MaskPersonalData(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o.ToList())
                {
                    // Identifiers and protocol fields carry no one's words, and their digits must survive ("…|0000003").
                    if (ProtocolFields.Contains(key)) continue;
                    if (Masked(child) is { } replacement) o[key] = replacement;
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (Masked(a[i]) is { } replacement) a[i] = replacement;
                }
                break;
        }
        return node;

        // A new value for a string that held personal data; containers are masked in place.
        static JsonNode? Masked(JsonNode? child)
        {
            if (child is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                var text = v.GetValue<string>();
                var masked = Masking.MaskText(text);
                return masked == text ? null : JsonValue.Create(masked);
            }
            if (child is not null) MaskPersonalData(child);
            return null;
        }
    }

    private static readonly HashSet<string> ProtocolFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "replyToId", "clientActivityID", "channelId", "serviceUrl", "timestamp", "localTimestamp", "type", "locale",
        "conversation", "from", "recipient", "watermark",
    };

    /// <summary>Like the Azure service: "{conversationId}|{sequence}".</summary>
    private static string ActivityId(string conversationId, long id) => $"{conversationId}|{id:D7}";
}
