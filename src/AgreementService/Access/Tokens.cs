using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace AgreementService.Access;

/// <summary>Bearer tokens: 256 random bits, shown once, stored only as their SHA-256.</summary>
public static class Tokens
{
    private const string Prefix = "agr_";

    public static string NewToken() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// A plain hash is enough (no salt, no stretching): the tokens are random and long, so there is nothing to
    /// guess, and a fast hash keeps every authenticated request cheap.
    /// </summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool HashesEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
