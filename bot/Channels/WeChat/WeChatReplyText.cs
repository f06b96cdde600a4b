using System.Text;
using System.Xml;
using PetitionBot.Bot.Conversation;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>What to say passively now, what to send afterwards by customer-service message, and what to keep for "全文".</summary>
internal sealed record ReplyPlan(string? Passive, IReadOnlyList<string> Later, string? KeepRest);

/// <summary>Renders engine replies as WeChat text and fits them into the protocol's limits.</summary>
internal static class WeChatReplyText
{
    /// <summary>WeChat refuses text messages over 2,048 UTF-8 bytes (passive and customer-service alike).</summary>
    public const int MaxBytes = 2048;
    /// <summary>Customer-service messages allowed per user message (within 48 h).</summary>
    public const int MaxCustomerServiceMessages = 5;
    public const string FullTextCommand = "全文";
    public const string MoreHint = "\n……（内容较长，回复“全文”查看其余部分）";
    private const string ChoicesHeading = "请回复序号：";
    /// <summary>A numbered-choices block longer than this is not carried along when an answer is shortened.</summary>
    private const int MaxCarriedChoicesBytes = 400;

    public static bool IsFullTextRequest(string? text) =>
        text is not null && text.Trim().Trim('"', '“', '”', '「', '」') == FullTextCommand;

    /// <summary>Text first, then numbered choices, then each card as title, text and link on their own lines.</summary>
    public static string Render(IReadOnlyList<BotReply> replies)
    {
        var text = new StringBuilder();
        foreach (var reply in replies)
        {
            var bubble = new StringBuilder();
            if (!string.IsNullOrWhiteSpace(reply.Text)) bubble.Append(reply.Text.Trim());
            if (reply.Cards is { Count: > 0 } cards)
            {
                foreach (var card in cards)
                {
                    if (bubble.Length > 0) bubble.Append('\n');
                    bubble.Append('【').Append(card.Title.Trim()).Append('】');
                    if (!string.IsNullOrWhiteSpace(card.Text)) bubble.Append('\n').Append(card.Text.Trim());
                    if (!string.IsNullOrWhiteSpace(card.Link)) bubble.Append('\n').Append(card.Link.Trim());
                }
            }
            if (reply.Choices is { Count: > 0 } choices)
            {
                if (bubble.Length > 0) bubble.Append('\n');
                bubble.Append("请回复序号：");
                for (var i = 0; i < choices.Count; i++) bubble.Append('\n').Append(i + 1).Append(". ").Append(choices[i]);
            }
            if (bubble.Length == 0) continue;
            if (text.Length > 0) text.Append("\n\n");
            text.Append(bubble);
        }
        return XmlSafe(text.ToString());
    }

    // Long answers are shortened, not split unasked: a passive reply always arrives, while customer-service messages
    // need the account's permission and spend the quota of 5 that status notices also need. The citizen gets the rest
    // on "全文", when they want it.

    /// <summary>An answer that is ready in time: one passive reply, shortened when it is too long.</summary>
    public static ReplyPlan PlanPassive(string text) => Plan(text, 1, passiveFirst: true);

    /// <summary>An answer that missed the passive window: by customer-service message, within the quota.</summary>
    public static ReplyPlan PlanLate(string text) => Plan(text, MaxCustomerServiceMessages, passiveFirst: false);

    /// <summary>The kept rest on "全文": the passive reply plus as many messages as the quota allows.</summary>
    public static ReplyPlan PlanFullText(string rest) => Plan(rest, 1 + MaxCustomerServiceMessages, passiveFirst: true);

    private static ReplyPlan Plan(string text, int maxMessages, bool passiveFirst)
    {
        if (text.Length == 0) return new ReplyPlan(null, [], null);
        var messages = new List<string>();
        string? rest = text;
        while (rest is not null)
        {
            if (messages.Count == maxMessages - 1)
            {
                var (head, kept) = Shorten(rest);
                messages.Add(head);
                rest = kept;
                break;
            }
            var (part, more) = Cut(rest, MaxBytes);
            messages.Add(part);
            rest = more.Length == 0 ? null : more;
        }
        return passiveFirst
            ? new ReplyPlan(messages[0], messages.Skip(1).ToList(), rest)
            : new ReplyPlan(null, messages, rest);
    }

    /// <summary>
    /// Text that fits is returned whole. Otherwise the start of it, cut at a line end, with the "全文" hint, and the rest.
    /// A short closing question with numbered choices (or, failing that, the choices alone) is kept in both, so the
    /// citizen can still answer it.
    /// </summary>
    private static (string Head, string? Remainder) Shorten(string text)
    {
        if (Encoding.UTF8.GetByteCount(text) <= MaxBytes) return (text, null);
        var carried = ClosingChoices(text);
        var body = text[..(text.Length - carried.Length)];
        var tail = MoreHint + carried;
        var (head, rest) = Cut(body, MaxBytes - Encoding.UTF8.GetByteCount(tail));
        // A card's 【title】 goes with its text, not alone above the hint.
        var lastLine = head.LastIndexOf('\n') + 1;
        if (lastLine > head.Length / 2 && head[lastLine..] is ['【', .., '】'])
        {
            rest = head[lastLine..] + "\n" + rest;
            head = head[..lastLine].TrimEnd('\n');
        }
        return (head + tail, rest + carried);
    }

    /// <summary>The end of the text from its last short bubble with choices, or from its choices; empty if neither.</summary>
    private static string ClosingChoices(string text)
    {
        var choices = text.LastIndexOf("\n" + ChoicesHeading, StringComparison.Ordinal);
        if (choices <= 0) return "";
        var bubble = text.LastIndexOf("\n\n", choices, StringComparison.Ordinal);
        foreach (var from in new[] { bubble, choices })
        {
            if (from > 0 && Encoding.UTF8.GetByteCount(text.AsSpan(from)) <= MaxCarriedChoicesBytes) return text[from..];
        }
        return "";
    }

    /// <summary>
    /// The first part (at most maxBytes UTF-8 bytes, ending at a line break unless that leaves it tiny, never cutting a
    /// character or a surrogate pair) and what follows.
    /// </summary>
    private static (string Part, string Remainder) Cut(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes) return (text, "");
        var head = TakeBytes(text, maxBytes);
        var cut = head.LastIndexOf('\n');
        if (cut > head.Length / 2) head = head[..(cut + 1)];
        return (head.TrimEnd('\n'), text[head.Length..].TrimStart('\n'));
    }

    /// <summary>The longest prefix within the byte budget, not splitting a surrogate pair.</summary>
    private static string TakeBytes(string text, int budget)
    {
        var bytes = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var width = pair ? 2 : 1;
            // UTF-8 widths (a lone surrogate is written as U+FFFD, 3 bytes); GetByteCount per character was 1 % of a message's CPU.
            var size = pair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            if (bytes + size > budget) break;
            bytes += size;
            i += width;
        }
        return text[..i];
    }

    /// <summary>Drops characters XML 1.0 cannot carry (control characters), which would break the reply.</summary>
    private static string XmlSafe(string text)
    {
        if (text.All(c => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c))) return text;
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(text, i, 2);
                i++;
            }
            else if (XmlConvert.IsXmlChar(text[i]))
            {
                clean.Append(text[i]);
            }
        }
        return clean.ToString();
    }
}
