namespace PetitionBot.Bot.Conversation.Dialog;

/// <summary>One message being handled: the message, the state it changes and the replies it collects.</summary>
public sealed class DialogTurn
{
    public required IncomingMessage Message { get; init; }
    public required DialogState State { get; init; }
    public required DateTime NowUtc { get; init; }
    /// <summary>When the previous message was handled; null for a new conversation.</summary>
    public DateTime? LastActivityUtc { get; init; }
    /// <summary>The text, trimmed and with full-width ASCII made half-width.</summary>
    public string Text { get; set; } = "";
    /// <summary>The message as the citizen typed it, trimmed only: what is stored of their own words.</summary>
    public string AsTyped => (Message.Text ?? "").Trim();
    public List<BotReply> Replies { get; } = [];
    /// <summary>This turn's chat lines so far (the citizen's message), not yet stored with the earlier ones.</summary>
    public List<TranscriptEntry> NewLines { get; } = [];
    /// <summary>Set when the citizen leaves (unsubscribe): the stored chat is deleted with this turn.</summary>
    public bool ForgetTranscript { get; set; }
    /// <summary>Set when the bot had no answer for the citizen: twice in a row, a person is offered (转人工).</summary>
    public bool CouldNotHelp { get; set; }

    public void Say(string text, IReadOnlyList<string>? choices = null, IReadOnlyList<ReplyCard>? cards = null) =>
        Replies.Add(new BotReply(text, choices is { Count: > 0 } ? choices : null, cards is { Count: > 0 } ? cards : null));
}
