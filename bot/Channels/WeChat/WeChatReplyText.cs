using System.Text;
using System.Xml;
using PetitionBot.Bot.Conversation;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>What to say passively now, what to send afterwards by customer-service message, and what to keep for "全文".</summary>
internal sealed record ReplyPlan(string? Passive, IReadOnlyList<string> Later, string? KeepFullText);

/// <summary>Renders engine replies as WeChat text and fits them into the protocol's limits.</summary>
internal static class WeChatReplyText
{
    /// <summary>WeChat refuses text messages over 2,048 UTF-8 bytes (passive and customer-service alike).</summary>
    public const int MaxBytes = 2048;
    /// <summary>Customer-service messages allowed per user message (within 48 h).</summary>
    public const int MaxCustomerServiceMessages = 5;
    /// <summary>Up to this many parts an answer is split unasked; longer ones are shortened and offered as "全文".</summary>
    public const int MaxSplitParts = 3;
    public const string FullTextCommand = "全文";
    public const string MoreHint = "\n……（内容较长，回复“全文”查看）";
    private const string CutHint = "\n……（以下省略）";

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

    /// <summary>An answer that is ready in time: the first part passively, the rest later, or shortened.</summary>
    public static ReplyPlan PlanPassive(string text)
    {
        if (text.Length == 0) return new ReplyPlan(null, [], null);
        var parts = Split(text, MaxBytes);
        if (parts.Count == 1) return new ReplyPlan(text, [], null);
        if (parts.Count <= MaxSplitParts) return new ReplyPlan(parts[0], parts.Skip(1).ToList(), null);
        return new ReplyPlan(Shorten(text, MoreHint), [], text);
    }

    /// <summary>An answer that missed the passive window: everything by customer-service message, within the quota.</summary>
    public static ReplyPlan PlanLate(string text)
    {
        if (text.Length == 0) return new ReplyPlan(null, [], null);
        var parts = Split(text, MaxBytes);
        if (parts.Count <= MaxCustomerServiceMessages) return new ReplyPlan(null, parts, null);
        var later = parts.Take(MaxCustomerServiceMessages - 1).ToList();
        later.Add(Shorten(string.Concat(parts.Skip(MaxCustomerServiceMessages - 1)), MoreHint));
        return new ReplyPlan(null, later, text);
    }

    /// <summary>The kept full text on "全文": as many parts as the passive reply plus the quota allow.</summary>
    public static ReplyPlan PlanFullText(string text)
    {
        var parts = Split(text, MaxBytes);
        var max = 1 + MaxCustomerServiceMessages;
        if (parts.Count > max)
        {
            var kept = parts.Take(max - 1).ToList();
            kept.Add(Shorten(string.Concat(parts.Skip(max - 1)), CutHint));
            parts = kept;
        }
        return new ReplyPlan(parts[0], parts.Skip(1).ToList(), null);
    }

    /// <summary>The start of the text plus a hint, within MaxBytes.</summary>
    public static string Shorten(string text, string hint)
    {
        if (Encoding.UTF8.GetByteCount(text) <= MaxBytes) return text;
        var budget = MaxBytes - Encoding.UTF8.GetByteCount(hint);
        return TakeBytes(text, budget).TrimEnd() + hint;
    }

    /// <summary>
    /// Splits into parts of at most maxBytes UTF-8 bytes, preferring line breaks, never cutting a character
    /// (surrogate pairs included).
    /// </summary>
    public static List<string> Split(string text, int maxBytes)
    {
        var parts = new List<string>();
        var rest = text;
        while (Encoding.UTF8.GetByteCount(rest) > maxBytes)
        {
            var head = TakeBytes(rest, maxBytes);
            var cut = head.LastIndexOf('\n');
            // Break at a line end unless that leaves a tiny part.
            if (cut > head.Length / 2) head = head[..(cut + 1)];
            parts.Add(head.TrimEnd('\n'));
            rest = rest[head.Length..].TrimStart('\n');
        }
        if (rest.Length > 0 || parts.Count == 0) parts.Add(rest);
        return parts;
    }

    /// <summary>The longest prefix within the byte budget, not splitting a surrogate pair.</summary>
    private static string TakeBytes(string text, int budget)
    {
        var bytes = 0;
        var i = 0;
        while (i < text.Length)
        {
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(text.AsSpan(i, width));
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
