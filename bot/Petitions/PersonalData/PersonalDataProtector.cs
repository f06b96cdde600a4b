using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Petitions.Validation;

namespace PetitionBot.Bot.Petitions.PersonalData;

/// <summary>An ID number ready to store: ciphertext, look-up hash and the masked form that may be shown.</summary>
public sealed record ProtectedIdNumber(string Protected, string Hash, string Masked);

/// <summary>
/// Encrypts ID numbers at rest with AES-256-GCM and gives a keyed hash (HMAC-SHA256) for repeat look-ups without decrypting.
/// Chosen over Data Protection because the ciphertext must stay readable by every instance and by the back office for
/// years; a configured key is simpler to hold stable than a rotating key ring. Registered as the app's
/// <see cref="IPersonalDataProtector"/>, so the back office decrypts what the conversation stored.
/// </summary>
public sealed class PersonalDataProtector : IPersonalDataProtector
{
    // "v1:" lets a later key or algorithm be introduced next to the old one.
    private const string Prefix = "v1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] _encryptionKey;
    private readonly byte[] _hashKey;

    public PersonalDataProtector(IOptions<PersonalDataOptions> options)
    {
        var master = Convert.FromBase64String(options.Value.Key
            ?? throw new InvalidOperationException("PersonalData:Key is not set."));
        _encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, info: "petitionbot/id-number/aes-gcm"u8.ToArray());
        // PersonalData:HashKey, when set, is used as is (the setting the back office documents); otherwise derived.
        _hashKey = string.IsNullOrWhiteSpace(options.Value.HashKey)
            ? HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, info: "petitionbot/id-number/hmac"u8.ToArray())
            : Convert.FromBase64String(options.Value.HashKey);
    }

    string IPersonalDataProtector.Protect(string value) => Encrypt(value);

    string IPersonalDataProtector.Unprotect(string protectedValue) => Decrypt(protectedValue);

    string IPersonalDataProtector.Hash(string value) => HashIdNumber(value);

    public ProtectedIdNumber ProtectIdNumber(string idNumber) =>
        new(Encrypt(idNumber), HashIdNumber(idNumber), IdNumber.Mask(idNumber));

    public string Encrypt(string plain)
    {
        var plainBytes = Encoding.UTF8.GetBytes(plain);
        var buffer = new byte[NonceSize + plainBytes.Length + TagSize];
        var nonce = buffer.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Encrypt(nonce, plainBytes, buffer.AsSpan(NonceSize, plainBytes.Length), buffer.AsSpan(NonceSize + plainBytes.Length));
        return Prefix + Convert.ToBase64String(buffer);
    }

    public string Decrypt(string protectedText)
    {
        if (!protectedText.StartsWith(Prefix, StringComparison.Ordinal))
            throw new CryptographicException("Unknown protection format.");
        var buffer = Convert.FromBase64String(protectedText[Prefix.Length..]);
        if (buffer.Length < NonceSize + TagSize) throw new CryptographicException("Protected value is too short.");
        var cipherLength = buffer.Length - NonceSize - TagSize;
        var plain = new byte[cipherLength];
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Decrypt(buffer.AsSpan(0, NonceSize), buffer.AsSpan(NonceSize, cipherLength), buffer.AsSpan(NonceSize + cipherLength), plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>Lower-case hex HMAC of the normalised ID number: equal numbers give equal hashes, nothing else can be read.</summary>
    public string HashIdNumber(string idNumber) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(idNumber.Trim().ToUpperInvariant())));
}
