using System.Security.Cryptography;
using System.Text;

namespace Commerce.Contracts;

/// <summary>
/// Who may use a cart, as the cart context records it and publishes it to checkout: a guest cart keeps the SHA-256
/// (lower-case hex) of its access token, never the token; a customer cart keeps the customer id (the bearer's
/// <c>sub</c>). Checkout checks a caller against it and passes it on instead of the token.
/// </summary>
public sealed record CartOwner(string? TokenHash, string? CustomerId)
{
    /// <summary>Tokens longer than this are refused before hashing.</summary>
    public const int MaxTokenLength = 128;

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>True when <paramref name="token"/> hashes to <paramref name="hash"/> (compared in fixed time).</summary>
    public static bool TokenMatches(string? token, string? hash)
        => !string.IsNullOrEmpty(token) && token.Length <= MaxTokenLength && hash is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashToken(token)), Encoding.ASCII.GetBytes(hash));

    /// <summary>True when the caller holds the guest cart's token or is the cart's signed-in customer.</summary>
    public bool Admits(string? cartToken, string? customerId)
        => (CustomerId is not null && string.Equals(CustomerId, customerId, StringComparison.Ordinal)) || TokenMatches(cartToken, TokenHash);
}
