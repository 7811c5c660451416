using LibreQoS.WebUi.Auth;

namespace LibreQoS.WebUi.Tests.Auth;

public class PasswordHasherTests
{
    [Fact]
    public void Hash_RightPassword_Verifies()
    {
        var hash = PasswordHasher.Hash("correct horse");

        Assert.True(PasswordHasher.Verify("correct horse", hash));
    }

    [Fact]
    public void Hash_WrongPassword_DoesNotVerify()
    {
        var hash = PasswordHasher.Hash("correct horse");

        Assert.False(PasswordHasher.Verify("correct horse ", hash));
    }

    [Fact]
    public void Hash_SamePasswordTwice_UsesDifferentSaltsAndHashes()
    {
        var first = PasswordHasher.Hash("same");
        var second = PasswordHasher.Hash("same");

        Assert.NotEqual(first.Salt, second.Salt);
        Assert.NotEqual(first.Hash, second.Hash);
    }

    [Fact]
    public void Hash_UsesAtLeast210000Iterations()
    {
        Assert.True(PasswordHasher.Hash("x").Iterations >= 210_000);
    }

    [Fact]
    public void Verify_NoStoredUser_IsFalse()
    {
        Assert.False(PasswordHasher.Verify("decoy password", null));
    }

    [Theory]
    [InlineData("not base64!", "AAAA", 210000)]
    [InlineData("AAAA", "not base64!", 210000)]
    [InlineData("AAAA", "AAAA", 0)]
    public void Verify_DamagedStoredHash_IsFalse(string salt, string hash, int iterations)
    {
        Assert.False(PasswordHasher.Verify("anything", new PasswordHash(salt, hash, iterations)));
    }
}
