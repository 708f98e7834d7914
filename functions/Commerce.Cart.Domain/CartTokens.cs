using System.Security.Cryptography;
using Commerce.Contracts;

namespace Commerce.Cart.Domain;

/// <summary>
/// Guest cart tokens: 256 random bits, base64url, handed to the client once. The cart stores only the SHA-256 of the
/// token (a leaked database does not leak access), and compares in fixed time.
/// </summary>
public static class CartTokens
{
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string NewCartId() => Base64Url(RandomNumberGenerator.GetBytes(16));

    public static string Hash(string token) => CartOwner.HashToken(token);

    public static bool Matches(string? token, string? hash) => CartOwner.TokenMatches(token, hash);

    /// <summary>The id of a customer's cart: derived from the customer id, so sign-in finds it with one point read.</summary>
    public static string CustomerCartId(string customerId) => "c-" + Hash("customer:" + customerId)[..32];

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
