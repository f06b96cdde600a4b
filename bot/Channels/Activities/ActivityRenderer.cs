using System.Text.Json;
using PetitionBot.Bot.Conversation;

namespace PetitionBot.Bot.Channels.Activities;

/// <summary>Where replies go: the bot speaks as Bot to User in Conversation, answering ReplyToId.</summary>
public sealed record ReplyAddress(
    string? ChannelId, string? ServiceUrl, ChannelAccount Bot, ChannelAccount User, ConversationAccount Conversation, string? ReplyToId)
{
    /// <summary>The reply address of an incoming activity: from and recipient swapped, same conversation.</summary>
    public static ReplyAddress For(Activity incoming, ChannelAccount? user = null) => new(
        incoming.ChannelId,
        incoming.ServiceUrl,
        incoming.Recipient ?? new ChannelAccount(null),
        user ?? incoming.From ?? new ChannelAccount(null),
        incoming.Conversation ?? new ConversationAccount(null),
        incoming.Id);
}

/// <summary>Turns the engine's channel-neutral replies into v3 activities, and card clicks back into text.</summary>
public static class ActivityRenderer
{
    public const string Locale = "zh-CN";
    public const string HeroCardContentType = "application/vnd.microsoft.card.hero";

    public static Activity Render(BotReply reply, ReplyAddress to, DateTimeOffset now)
    {
        var cards = reply.Cards is { Count: > 0 }
            ? reply.Cards.Select(card => new Attachment(HeroCardContentType, Content: new HeroCard(
                card.Title,
                // Web Chat renders card text as markdown, where a single line break is folded into the line before
                // (谁来办/时限/要准备 ran together); a blank line keeps each on its own.
                System.Text.RegularExpressions.Regex.Replace(card.Text, @"\r?\n+", "\n\n"),
                card.Link is null ? null : [new CardAction("openUrl", "查看详情", card.Link)]))).ToList()
            : null;
        var choices = reply.Choices is { Count: > 0 }
            ? new SuggestedActions(
                to.User.Id is null ? null : [to.User.Id],
                reply.Choices.Select(choice => new CardAction("imBack", choice, choice)).ToList())
            : null;

        return Address(new Activity
        {
            Type = ActivityTypes.Message,
            Text = reply.Text,
            // The engine writes plain text with line breaks; markdown would fold them.
            TextFormat = "plain",
            Attachments = cards,
            AttachmentLayout = cards is { Count: > 1 } ? "list" : null,
            SuggestedActions = choices,
            InputHint = choices is null ? "acceptingInput" : "expectingInput",
        }, to, now);
    }

    public static Activity Typing(ReplyAddress to, DateTimeOffset now) =>
        Address(new Activity { Type = ActivityTypes.Typing }, to, now);

    public static Activity Notice(string text, ReplyAddress to, DateTimeOffset now) =>
        Address(new Activity { Type = ActivityTypes.Message, Text = text, TextFormat = "plain" }, to, now);

    private static Activity Address(Activity activity, ReplyAddress to, DateTimeOffset now) => activity with
    {
        Timestamp = now,
        ChannelId = to.ChannelId,
        ServiceUrl = to.ServiceUrl,
        From = to.Bot,
        Recipient = to.User,
        Conversation = to.Conversation,
        ReplyToId = to.ReplyToId,
        Locale = Locale,
    };

    /// <summary>
    /// The text of a message: typed text, or the value of a card button (a string, or an object with "text").
    /// </summary>
    public static string? TextOf(Activity activity)
    {
        if (!string.IsNullOrWhiteSpace(activity.Text)) return activity.Text.Trim();
        if (activity.Value is not { } value) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object when value.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
                => text.GetString(),
            _ => null,
        };
    }

    /// <summary>Photos and files the user sent; cards the channel echoes back are not attachments of the user.</summary>
    public static IReadOnlyList<MessageAttachment>? AttachmentsOf(Activity activity)
    {
        var files = activity.Attachments?
            .Where(a => a.ContentUrl is not null && a.ContentType is not null
                        && !a.ContentType.StartsWith("application/vnd.microsoft.", StringComparison.OrdinalIgnoreCase))
            .Select(a => new MessageAttachment(
                a.ContentType!.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ? "image" : "file",
                a.ContentUrl,
                Name: a.Name))
            .ToList();
        return files is { Count: > 0 } ? files : null;
    }
}
