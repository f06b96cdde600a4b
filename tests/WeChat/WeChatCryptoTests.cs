using System.Text;
using PetitionBot.Bot.Channels.WeChat;

namespace PetitionBot.Tests.WeChat;

public class WeChatCryptoTests
{
    private const string Key = WeChatApp.AesKey;
    private const string AppId = FakeWeChatApi.AppId;
    private static readonly byte[] FixedRandom = Encoding.ASCII.GetBytes("0123456789abcdef");
    private readonly WeChatCipher _cipher = new(Key, AppId);

    // Vectors produced by the official @wecom/crypto package with the same key, id and random bytes.
    // "hello": 20 + 5 + 18 = 43 bytes of content, so the padding is 21 bytes — more than a 16-byte block.
    private const string HelloVector = "Q3stYC6hdFzMh9T8HCvyDO+2Nb55QMC0MprekVbwgE95Ia96iH02Js9z0gWXE7heFFXnozkjRnLDwJeXRPvTGA==";
    private const string ChineseXml = "<xml><Content><![CDATA[你好]]></Content></xml>";
    private const string ChineseVector =
        "Q3stYC6hdFzMh9T8HCvyDMwQK6xyeRZ7UnuZsYfP7/6Yf0piNuk7kxZYuxJFeZQQ6WWSSAGv9ZFJIKURndrGs2FWSuGKbKoh+jFCL+nhblympfCTiydWkLInGji0C1OF";

    [Fact]
    public void Encryption_with_padding_longer_than_16_bytes_matches_the_official_library()
    {
        Assert.Equal(HelloVector, _cipher.Encrypt("hello", FixedRandom));
    }

    [Fact]
    public void Official_library_ciphertext_with_long_padding_decrypts()
    {
        Assert.True(_cipher.TryDecrypt(HelloVector, out var message, out var receiveId));
        Assert.Equal("hello", message);
        Assert.Equal(AppId, receiveId);
    }

    [Fact]
    public void Chinese_xml_encrypts_exactly_as_the_official_library()
    {
        Assert.Equal(ChineseVector, _cipher.Encrypt(ChineseXml, FixedRandom));
        Assert.True(_cipher.TryDecrypt(ChineseVector, out var message, out _));
        Assert.Equal(ChineseXml, message);
    }

    [Fact]
    public void Every_length_from_0_to_100_round_trips_with_32_byte_padding()
    {
        for (var length = 0; length <= 100; length++)
        {
            var message = new string('信', length / 3) + new string('x', length - length / 3);
            var encrypted = _cipher.Encrypt(message);
            var cipherBytes = Convert.FromBase64String(encrypted);
            var contentLength = 20 + Encoding.UTF8.GetByteCount(message) + AppId.Length;
            var expectedLength = contentLength + (32 - contentLength % 32);
            Assert.Equal(expectedLength, cipherBytes.Length);
            Assert.True(_cipher.TryDecrypt(encrypted, out var back, out var id), $"length {length}");
            Assert.Equal(message, back);
            Assert.Equal(AppId, id);
        }
    }

    [Fact]
    public void Content_already_a_multiple_of_32_gets_a_whole_block_of_padding()
    {
        // 20 + 26 + 18 = 64 bytes: the padding is a full 32-byte block of 0x20.
        var encrypted = Convert.FromBase64String(_cipher.Encrypt(new string('a', 26)));
        Assert.Equal(96, encrypted.Length);
    }

    [Fact]
    public void Tampered_ciphertext_is_refused()
    {
        var bytes = Convert.FromBase64String(HelloVector);
        bytes[^1] ^= 0x01; // breaks the padding of the last block
        Assert.False(_cipher.TryDecrypt(Convert.ToBase64String(bytes), out _, out _));
    }

    [Fact]
    public void Truncated_or_garbage_ciphertext_is_refused()
    {
        Assert.False(_cipher.TryDecrypt(HelloVector[..44], out _, out _));
        Assert.False(_cipher.TryDecrypt("not base64 at all!", out _, out _));
        Assert.False(_cipher.TryDecrypt("", out _, out _));
        Assert.False(_cipher.TryDecrypt(Convert.ToBase64String(new byte[48]), out _, out _));
    }

    [Fact]
    public void A_message_sealed_with_another_key_is_refused()
    {
        var other = new WeChatCipher("ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut", AppId);
        Assert.False(_cipher.TryDecrypt(other.Encrypt("<xml/>"), out var message, out _) && message == "<xml/>");
    }

    [Fact]
    public void Signatures_match_the_official_library()
    {
        Assert.Equal("0b81b5b817481427eacf56db8e61259b590ca097",
            WeChatSignature.Compute("testtoken", "1409304348", "xxxxxx", "ENCRYPT"));
        Assert.Equal("30d7c91db269b3e0cb3e1a131646b6d1ae4750f5", WeChatSignature.Compute("testtoken", "1409304348", "xxxxxx"));
    }

    [Fact]
    public void Tampered_signatures_fail_verification()
    {
        var good = WeChatSignature.Compute("testtoken", "1409304348", "xxxxxx", "ENCRYPT");
        Assert.True(WeChatSignature.Verify(good, "testtoken", "1409304348", "xxxxxx", "ENCRYPT"));
        Assert.True(WeChatSignature.Verify(good.ToUpperInvariant(), "testtoken", "1409304348", "xxxxxx", "ENCRYPT"));
        Assert.False(WeChatSignature.Verify(good, "testtoken", "1409304348", "xxxxxx", "ENCRYPT2"));
        Assert.False(WeChatSignature.Verify(good[..39] + (good[39] == '0' ? '1' : '0'), "testtoken", "1409304348", "xxxxxx", "ENCRYPT"));
        Assert.False(WeChatSignature.Verify(null, "testtoken", "1409304348", "xxxxxx"));
        Assert.False(WeChatSignature.Verify("short", "testtoken", "1409304348", "xxxxxx"));
    }

    [Theory]
    [InlineData("too-short")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDE*G")]
    public void A_malformed_EncodingAESKey_is_not_accepted(string key)
    {
        Assert.Null(WeChatCipher.DecodeKey(key));
    }
}
