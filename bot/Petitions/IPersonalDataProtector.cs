using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace PetitionBot.Bot.Petitions;

/// <summary>Encrypts personal data at rest (身份证号) and hashes it for look-ups without decrypting.</summary>
public interface IPersonalDataProtector
{
    string Protect(string value);
    string Unprotect(string protectedValue);
    /// <summary>Keyed, deterministic hash: the same ID number always gives the same hash.</summary>
    string Hash(string value);
}

/// <summary>
/// Data Protection for encryption; HMAC-SHA256 for the hash with the key in PersonalData:HashKey (base64, 32 bytes).
/// Without that key a fixed development key is used and a warning is logged: set it in production, and never change it
/// afterwards (stored hashes would stop matching).
/// </summary>
public sealed class DataProtectionPersonalDataProtector : IPersonalDataProtector
{
    private readonly IDataProtector protector;
    private readonly byte[] hashKey;

    public DataProtectionPersonalDataProtector(
        IDataProtectionProvider provider, IConfiguration configuration, ILogger<DataProtectionPersonalDataProtector> logger)
    {
        protector = provider.CreateProtector("PetitionBot.PersonalData.v1");
        var configured = configuration["PersonalData:HashKey"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            logger.LogWarning("PersonalData:HashKey is not set; using the development hash key. Set a base64 32-byte key in production.");
            hashKey = SHA256.HashData(Encoding.UTF8.GetBytes("PetitionBot development hash key"));
        }
        else
        {
            hashKey = Convert.FromBase64String(configured);
        }
    }

    public string Protect(string value) => protector.Protect(value);

    public string Unprotect(string protectedValue) => protector.Unprotect(protectedValue);

    public string Hash(string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(hashKey, Encoding.UTF8.GetBytes(value.Trim().ToUpperInvariant())));
}
