using System.Text.Json;
using System.Text.Json.Serialization;

namespace PetitionBot.Bot.Channels.Activities;

// The Bot Framework v3 activity schema, the parts this bot reads or writes. Both the Bot Framework channel (Channels/BotFramework)
// and Direct Line (Channels/Web/DirectLine) speak it on the wire; this is their one shared dependency, and neither uses the other.

public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string Typing = "typing";
}

public sealed record Activity
{
    public string? Type { get; init; }
    public string? Id { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    public string? ServiceUrl { get; init; }
    public string? ChannelId { get; init; }
    public ChannelAccount? From { get; init; }
    public ConversationAccount? Conversation { get; init; }
    public ChannelAccount? Recipient { get; init; }
    public string? TextFormat { get; init; }
    public string? AttachmentLayout { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersAdded { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersRemoved { get; init; }
    public string? Locale { get; init; }
    public string? Text { get; init; }
    public string? InputHint { get; init; }
    public SuggestedActions? SuggestedActions { get; init; }
    public IReadOnlyList<Attachment>? Attachments { get; init; }
    public JsonElement? Value { get; init; }
    public string? Name { get; init; }
    public string? ReplyToId { get; init; }
    public string? DeliveryMode { get; init; }
    public JsonElement? ChannelData { get; init; }
}

public sealed record ChannelAccount(string? Id, string? Name = null, string? Role = null);

public sealed record ConversationAccount(
    string? Id, string? Name = null, bool? IsGroup = null, string? ConversationType = null, string? TenantId = null);

/// <summary>Content is a card object on the way out and a JsonElement on the way in.</summary>
public sealed record Attachment(string? ContentType, string? ContentUrl = null, object? Content = null, string? Name = null);

public sealed record SuggestedActions(IReadOnlyList<string>? To, IReadOnlyList<CardAction> Actions);

public sealed record CardAction(string Type, string Title, object? Value);

public sealed record HeroCard(string? Title, string? Text, IReadOnlyList<CardAction>? Buttons = null);

/// <summary>The body of a 200 answer to deliveryMode "expectReplies".</summary>
public sealed record ExpectedReplies(IReadOnlyList<Activity> Activities);

public sealed record ResourceResponse(string? Id);

public static class ActivityJson
{
    /// <summary>camelCase, nulls left out: the connector and Web Chat both treat a missing field as unset.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Chinese as characters, as in every other JSON the bot writes.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
