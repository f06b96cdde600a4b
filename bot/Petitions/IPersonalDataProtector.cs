namespace PetitionBot.Bot.Petitions;

/// <summary>Encrypts personal data at rest (身份证号) and hashes it for look-ups without decrypting.</summary>
public interface IPersonalDataProtector
{
    string Protect(string value);
    string Unprotect(string protectedValue);
    /// <summary>Keyed, deterministic hash: the same ID number always gives the same hash.</summary>
    string Hash(string value);
}
