using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Xml;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>
/// Reads and writes the flat XML of the callback protocol. Reading is locked down: no DTD (so no XXE and no
/// entity expansion), no resolver, a character cap, and only the root's direct children are kept.
/// </summary>
public static class WeChatXml
{
    public const int MaxBodyBytes = 64 * 1024;
    private const int MaxFields = 64;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxBodyBytes,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = true,
    };

    public static bool TryParse(ReadOnlyMemory<byte> body, out IReadOnlyDictionary<string, string> fields)
    {
        try
        {
            // The request's own buffer, not a copy of it.
            using var stream = MemoryMarshal.TryGetArray(body, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(body.ToArray(), writable: false);
            fields = Parse(XmlReader.Create(stream, Settings));
            return true;
        }
        catch (XmlException)
        {
            fields = Empty;
            return false;
        }
    }

    public static bool TryParse(string xml, out IReadOnlyDictionary<string, string> fields)
    {
        if (xml.Length > MaxBodyBytes)
        {
            fields = Empty;
            return false;
        }
        try
        {
            fields = Parse(XmlReader.Create(new StringReader(xml), Settings));
            return true;
        }
        catch (XmlException)
        {
            fields = Empty;
            return false;
        }
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    private static Dictionary<string, string> Parse(XmlReader reader)
    {
        using (reader)
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            if (reader.MoveToContent() != XmlNodeType.Element) throw new XmlException("No root element.");
            if (reader.IsEmptyElement)
            {
                reader.Read();
            }
            else
            {
                reader.Read();
                while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == 0))
                {
                    if (reader.EOF) throw new XmlException("Unexpected end of document.");
                    if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1)
                    {
                        var name = reader.LocalName;
                        var value = ReadSimpleContent(reader);
                        if (fields.Count >= MaxFields) throw new XmlException("Too many fields.");
                        fields.TryAdd(name, value);
                    }
                    else
                    {
                        reader.Read();
                    }
                }
            }
            // Read to the end so trailing garbage is refused as well.
            while (reader.Read()) { }
            return fields;
        }
    }

    /// <summary>The text of a leaf element; nested elements (e.g. ScanCodeInfo) are skipped.</summary>
    private static string ReadSimpleContent(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return "";
        }
        var depth = reader.Depth;
        var text = new StringBuilder();
        reader.Read();
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.EOF) throw new XmlException("Unexpected end of document.");
            if (reader.Depth == depth + 1 && reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA
                    or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
            {
                text.Append(reader.Value);
            }
            reader.Read();
        }
        reader.Read();
        return text.ToString();
    }

    /// <summary>A passive text reply: To and From swapped relative to the message received.</summary>
    public static string TextReply(string toUser, string fromUser, long createTime, string content)
    {
        var xml = new StringBuilder(content.Length + 256);
        xml.Append("<xml><ToUserName>");
        AppendCData(xml, toUser);
        xml.Append("</ToUserName><FromUserName>");
        AppendCData(xml, fromUser);
        xml.Append("</FromUserName><CreateTime>").Append(createTime.ToString(CultureInfo.InvariantCulture))
            .Append("</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>");
        AppendCData(xml, content);
        xml.Append("</Content></xml>");
        return xml.ToString();
    }

    /// <summary>The safe-mode envelope around an encrypted reply.</summary>
    public static string EncryptedReply(string encrypt, string signature, long timestamp, string nonce)
    {
        var xml = new StringBuilder(encrypt.Length + 200);
        xml.Append("<xml><Encrypt>");
        AppendCData(xml, encrypt);
        xml.Append("</Encrypt><MsgSignature>");
        AppendCData(xml, signature);
        xml.Append("</MsgSignature><TimeStamp>").Append(timestamp.ToString(CultureInfo.InvariantCulture))
            .Append("</TimeStamp><Nonce>");
        AppendCData(xml, nonce);
        xml.Append("</Nonce></xml>");
        return xml.ToString();
    }

    private static void AppendCData(StringBuilder xml, string value)
    {
        // "]]>" cannot appear inside CDATA: close the section between "]]" and ">" and open a new one.
        xml.Append("<![CDATA[").Append(value.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal)).Append("]]>");
    }
}
