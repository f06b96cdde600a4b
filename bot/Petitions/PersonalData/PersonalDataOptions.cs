namespace PetitionBot.Bot.Petitions.PersonalData;

/// <summary>
/// Bound from "PersonalData". Key is the secret that ID numbers are encrypted (AES-256-GCM) and hashed (HMAC-SHA256) with;
/// both sub-keys are derived from it with HKDF. It must be the same on every instance and must never change without a
/// re-encryption, or stored ID numbers become unreadable and repeat look-ups stop matching.
/// </summary>
public sealed class PersonalDataOptions
{
    public const string Section = "PersonalData";

    /// <summary>Base64 of at least 32 random bytes, e.g. the output of <c>openssl rand -base64 32</c>.</summary>
    public string? Key { get; set; }

    /// <summary>
    /// Optional separate HMAC key for the look-up hash (base64, 32 bytes); derived from <see cref="Key"/> when not set.
    /// Never change it once petitions are stored: earlier hashes would stop matching and repeats would go unnoticed.
    /// </summary>
    public string? HashKey { get; set; }
}
