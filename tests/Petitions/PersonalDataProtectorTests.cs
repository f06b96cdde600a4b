using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PetitionBot.Bot.Petitions.PersonalData;

namespace PetitionBot.Tests.Petitions;

public class PersonalDataProtectorTests
{
    private static PersonalDataProtector Protector(byte fill = 7) =>
        new(Options.Create(new PersonalDataOptions { Key = Convert.ToBase64String(Enumerable.Repeat(fill, 32).ToArray()) }));

    [Fact]
    public void Encrypted_id_number_reads_back_and_does_not_contain_it()
    {
        var protector = Protector();

        var stored = protector.ProtectIdNumber("110101199003071233");

        Assert.DoesNotContain("110101199003071233", stored.Protected);
        Assert.Equal("110101199003071233", protector.Decrypt(stored.Protected));
        Assert.Equal("1101**********1233", stored.Masked);
    }

    [Fact]
    public void The_same_id_number_encrypts_differently_but_hashes_the_same()
    {
        var protector = Protector();

        var a = protector.ProtectIdNumber("110101199003071233");
        var b = protector.ProtectIdNumber("110101199003071233");

        Assert.NotEqual(a.Protected, b.Protected);
        Assert.Equal(a.Hash, b.Hash);
    }

    [Fact]
    public void The_look_up_hash_depends_on_the_key()
    {
        Assert.NotEqual(Protector(7).HashIdNumber("110101199003071233"), Protector(8).HashIdNumber("110101199003071233"));
    }

    [Fact]
    public void Tampered_ciphertext_is_refused()
    {
        var protector = Protector();
        var stored = protector.Encrypt("110101199003071233");
        var bytes = Convert.FromBase64String(stored[3..]);
        bytes[^1] ^= 1;

        Assert.ThrowsAny<CryptographicException>(() => protector.Decrypt("v1:" + Convert.ToBase64String(bytes)));
    }
}
