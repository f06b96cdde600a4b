using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PetitionBot.Bot.Channels.WeChat;

/// <summary>
/// The message signatures of the WeChat and WeCom callback protocol: SHA-1 over the sorted, concatenated parts
/// (token, timestamp, nonce and, for msg_signature, the Encrypt value).
/// </summary>
public static class WeChatSignature
{
    public static string Compute(params string[] parts)
    {
        var sorted = (string[])parts.Clone();
        // Ordinal sort: the protocol sorts by code unit, as the official SDKs do.
        Array.Sort(sorted, StringComparer.Ordinal);
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(sorted)));
        return Convert.ToHexStringLower(hash);
    }

    public static bool Verify(string? signature, params string[] parts)
    {
        if (string.IsNullOrEmpty(signature) || signature.Length != 40) return false;
        var expected = Compute(parts);
        // Constant time, so a forger learns nothing from response times.
        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature.ToLowerInvariant()));
    }
}

/// <summary>
/// The AES scheme of the callback protocol ("安全模式"): key = Base64(EncodingAESKey + "="), AES-256-CBC with the
/// first 16 key bytes as IV, PKCS#7 padding to 32-byte blocks (done here, not by .NET, whose PKCS7 pads to 16),
/// plaintext = 16 random bytes | 4-byte big-endian XML length | XML | receive id (AppId or CorpId).
/// </summary>
public sealed class WeChatCipher
{
    private const int PadBlock = 32;
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);
    private readonly byte[] _key;
    private readonly byte[] _iv;

    public WeChatCipher(string encodingAesKey, string receiveId)
    {
        _key = DecodeKey(encodingAesKey)
            ?? throw new ArgumentException("EncodingAESKey must be 43 Base64 characters (32 bytes).", nameof(encodingAesKey));
        _iv = _key[..16];
        ReceiveId = receiveId;
    }

    /// <summary>The id a decrypted message must end with (AppId for WeChat, CorpId for WeCom).</summary>
    public string ReceiveId { get; }

    public static byte[]? DecodeKey(string? encodingAesKey)
    {
        if (encodingAesKey is null || encodingAesKey.Length != 43) return null;
        var bytes = new byte[33];
        return Convert.TryFromBase64String(encodingAesKey + "=", bytes, out var written) && written == 32
            ? bytes[..32]
            : null;
    }

    public string Encrypt(string message) => Encrypt(message, RandomNumberGenerator.GetBytes(16));

    public string Encrypt(string message, ReadOnlySpan<byte> random)
    {
        if (random.Length != 16) throw new ArgumentException("16 random bytes are needed.", nameof(random));
        var messageLength = Encoding.UTF8.GetByteCount(message);
        var idLength = Encoding.UTF8.GetByteCount(ReceiveId);
        var contentLength = 20 + messageLength + idLength;
        var pad = PadBlock - contentLength % PadBlock; // 1..32: a full block of 32 when already aligned
        var plain = new byte[contentLength + pad];
        random.CopyTo(plain);
        BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(16, 4), messageLength);
        Encoding.UTF8.GetBytes(message, plain.AsSpan(20, messageLength));
        Encoding.UTF8.GetBytes(ReceiveId, plain.AsSpan(20 + messageLength, idLength));
        plain.AsSpan(contentLength).Fill((byte)pad);

        using var aes = Aes.Create();
        aes.Key = _key;
        return Convert.ToBase64String(aes.EncryptCbc(plain, _iv, PaddingMode.None));
    }

    /// <summary>Decrypts an Encrypt value; false for anything malformed or tampered with.</summary>
    public bool TryDecrypt(string? encrypted, out string message, out string receiveId)
    {
        message = receiveId = "";
        if (string.IsNullOrEmpty(encrypted)) return false;
        var cipher = new byte[encrypted.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(encrypted, cipher, out var cipherLength)) return false;
        if (cipherLength < PadBlock || cipherLength % 16 != 0) return false;

        byte[] plain;
        using (var aes = Aes.Create())
        {
            aes.Key = _key;
            plain = aes.DecryptCbc(cipher.AsSpan(0, cipherLength), _iv, PaddingMode.None);
        }

        int pad = plain[^1];
        if (pad is < 1 or > PadBlock || pad > plain.Length) return false;
        foreach (var b in plain.AsSpan(plain.Length - pad))
        {
            if (b != pad) return false;
        }
        var content = plain.AsSpan(0, plain.Length - pad);
        if (content.Length < 20) return false;
        var length = BinaryPrimitives.ReadInt32BigEndian(content.Slice(16, 4));
        if (length < 0 || length > content.Length - 20) return false;

        try
        {
            message = StrictUtf8.GetString(content.Slice(20, length));
            receiveId = StrictUtf8.GetString(content[(20 + length)..]);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        return true;
    }
}
