using System.Security.Cryptography;
using System.Text;

namespace LibreQoS.WebUi.Auth;

/// <summary>A stored password: PBKDF2-HMAC-SHA256 with its own random salt and iteration count.</summary>
public sealed record PasswordHash(string Salt, string Hash, int Iterations);

/// <summary>PBKDF2 from the BCL; the iteration count is OWASP's 2023 figure for SHA-256.</summary>
public static class PasswordHasher
{
    public const int Iterations = 210_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Hashed against when the user does not exist, so a wrong name costs as long as a wrong password.</summary>
    private static readonly PasswordHash Decoy = Hash("decoy password");

    public static PasswordHash Hash(string password)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(SaltBytes);
        byte[] hash = Derive(password, salt, Iterations);
        return new PasswordHash(Convert.ToBase64String(salt), Convert.ToBase64String(hash), Iterations);
    }

    public static bool Verify(string password, PasswordHash? stored)
    {
        var target = stored ?? Decoy;
        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(target.Salt);
            expected = Convert.FromBase64String(target.Hash);
        }
        catch (FormatException)
        {
            return false;
        }
        if (target.Iterations < 1)
            return false;
        byte[] actual = Derive(password, salt, target.Iterations);
        return CryptographicOperations.FixedTimeEquals(actual, expected) && stored is not null;
    }

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
