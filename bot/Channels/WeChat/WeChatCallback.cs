using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>
/// The callback protocol for one account (the Official Account, or the WeCom app): signatures, timestamps,
/// body limits, decryption, and the passive reply — plain, or encrypted in safe/compatible mode.
/// </summary>
internal sealed class WeChatCallback(
    string channel,
    bool enabled,
    string token,
    WeChatCipher? cipher,
    TimeSpan timestampTolerance,
    TimeSpan passiveTimeout,
    bool encryptedOnly,
    bool safeModeOnly,
    WeChatMessageProcessor processor,
    TimeProvider time,
    ILogger logger)
{
    private const string Success = "success";
    // What a safe-mode envelope holds besides Encrypt (WeCom adds AgentID); anything else is a 兼容模式 body.
    private static readonly HashSet<string> EnvelopeFields = new(StringComparer.Ordinal) { "ToUserName", "Encrypt", "AgentID" };

    /// <summary>
    /// GET: URL verification. With <c>signature</c> (Official Account) the plain echostr is echoed; with
    /// <c>msg_signature</c> (WeCom, and safe-mode accounts) echostr is decrypted and its content returned.
    /// </summary>
    public Results<ContentHttpResult, UnauthorizedHttpResult, BadRequest, NotFound> Verify(HttpRequest request)
    {
        if (!enabled) return TypedResults.NotFound();
        var q = request.Query;
        string? timestamp = q["timestamp"], nonce = q["nonce"], echo = q["echostr"];
        if (timestamp is null || nonce is null || !IsFresh(timestamp)) return TypedResults.Unauthorized();
        if (string.IsNullOrEmpty(echo)) return TypedResults.BadRequest();

        string? signature = q["signature"], msgSignature = q["msg_signature"];
        if (!encryptedOnly && signature is not null)
        {
            return WeChatSignature.Verify(signature, token, timestamp, nonce)
                ? TypedResults.Text(echo, "text/plain")
                : Refuse("URL verification with a wrong signature");
        }
        if (cipher is not null && msgSignature is not null)
        {
            if (!WeChatSignature.Verify(msgSignature, token, timestamp, nonce, echo))
            {
                return Refuse("URL verification with a wrong msg_signature");
            }
            if (!cipher.TryDecrypt(echo, out var plain, out var receiveId)) return TypedResults.BadRequest();
            return receiveId == cipher.ReceiveId
                ? TypedResults.Text(plain, "text/plain")
                : Refuse("URL verification for another receive id");
        }
        return Refuse("URL verification without a signature");
    }

    /// <summary>POST: a message or event. Answers the passive reply, or "success".</summary>
    public async Task<Results<ContentHttpResult, UnauthorizedHttpResult, BadRequest, NotFound, StatusCodeHttpResult>>
        ReceiveAsync(HttpRequest request)
    {
        if (!enabled) return TypedResults.NotFound();
        var q = request.Query;
        string? timestamp = q["timestamp"], nonce = q["nonce"], signature = q["signature"], msgSignature = q["msg_signature"];
        if (timestamp is null || nonce is null || !IsFresh(timestamp)) return Refuse("a message without a fresh timestamp");
        // The plain signature only covers token, timestamp and nonce: check it before reading anything.
        if (signature is not null && !WeChatSignature.Verify(signature, token, timestamp, nonce))
        {
            return Refuse("a message with a wrong signature");
        }

        var body = await ReadBodyAsync(request);
        if (body is null) return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        if (!WeChatXml.TryParse(body.Value, out var fields)) return Malformed("outer XML");
        if (safeModeOnly)
        {
            // The plain signature does not cover the body: a captured URL would carry any forged body. In safe mode
            // only a body sealed with the EncodingAESKey and signed with msg_signature is taken.
            if (msgSignature is null || !fields.ContainsKey("Encrypt"))
                return Refuse("a plain-mode message (safe mode is required while an EncodingAESKey is set; WeChat:Mode=Compatible accepts 兼容模式)");
            if (fields.Keys.Any(k => !EnvelopeFields.Contains(k)))
                return Refuse("a compatible-mode message with plain fields (safe mode is required; WeChat:Mode=Compatible accepts 兼容模式)");
        }

        var encrypted = encryptedOnly || string.Equals(q["encrypt_type"], "aes", StringComparison.OrdinalIgnoreCase)
                        || (msgSignature is not null && fields.ContainsKey("Encrypt"));
        if (encrypted)
        {
            if (cipher is null)
            {
                logger.LogWarning("{Channel}: an encrypted message arrived but no EncodingAESKey is configured", channel);
                return TypedResults.BadRequest();
            }
            if (!fields.TryGetValue("Encrypt", out var encrypt) || string.IsNullOrEmpty(encrypt)) return Malformed("Encrypt field");
            if (!WeChatSignature.Verify(msgSignature, token, timestamp, nonce, encrypt))
            {
                return Refuse("a message with a wrong msg_signature");
            }
            if (!cipher.TryDecrypt(encrypt, out var xml, out var receiveId)) return Malformed("ciphertext");
            if (receiveId != cipher.ReceiveId) return Refuse("a message for another receive id");
            if (!WeChatXml.TryParse(xml, out fields)) return Malformed("decrypted XML");
        }
        else if (signature is null)
        {
            return Refuse("a plain message without a signature");
        }

        var inbound = WeChatInbound.Map(channel, fields);
        if (inbound is null) return Malformed("message fields");

        var replyText = await processor.ProcessAsync(inbound, passiveTimeout);
        if (replyText is null) return TypedResults.Text(Success, "text/plain");

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var reply = WeChatXml.TextReply(inbound.UserId, inbound.AccountId, now, replyText);
        if (!encrypted) return TypedResults.Text(reply, "application/xml");

        var sealedReply = cipher!.Encrypt(reply);
        var replyNonce = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var replyTimestamp = now.ToString(CultureInfo.InvariantCulture);
        var replySignature = WeChatSignature.Compute(token, replyTimestamp, replyNonce, sealedReply);
        return TypedResults.Text(WeChatXml.EncryptedReply(sealedReply, replySignature, now, replyNonce), "application/xml");
    }

    private bool IsFresh(string timestamp)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return false;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        return Math.Abs(now - seconds) <= (long)timestampTolerance.TotalSeconds;
    }

    /// <summary>The body, or null when it exceeds the 64 KB every real callback fits in.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > WeChatXml.MaxBodyBytes) return null;
        // Sized by Content-Length when sent (WeChat sends it): one buffer, no growing copies.
        using var buffer = new MemoryStream((int)(request.ContentLength ?? 1024) + 1);
        var chunk = new byte[Math.Min(8192, (int)(request.ContentLength ?? 8192) + 1)];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > WeChatXml.MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private UnauthorizedHttpResult Refuse(string what)
    {
        logger.LogWarning("{Channel}: refused {What}", channel, what);
        return TypedResults.Unauthorized();
    }

    private BadRequest Malformed(string what)
    {
        logger.LogWarning("{Channel}: bad request, unreadable {What}", channel, what);
        return TypedResults.BadRequest();
    }
}
