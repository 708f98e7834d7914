using System.Buffers.Text;
using System.Security.Cryptography;
using Commerce.Contracts;

namespace Commerce.Orders.Domain;

/// <summary>Who asks for an order: the order access token they sent, the customer their bearer token names, and whether it names an admin.</summary>
public sealed record OrderCaller(string? OrderToken, string? CustomerId, bool IsAdmin);

/// <summary>
/// Who may read or change an order: the holder of one of its access tokens (256 random bits, base64url, handed out by
/// checkout; only their SHA-256 is stored, compared in fixed time), the customer who owns it, or an admin. Nobody else:
/// the routes answer them exactly as they answer an order that does not exist.
/// </summary>
public static class OrderAccess
{
    /// <summary>The request header that carries an order access token (never the query string: URLs end up in logs).</summary>
    public const string TokenHeader = "Order-Token";

    /// <summary>Tokens kept per order: one per answered checkout request (retries, other tabs); the oldest give way.</summary>
    public const int MaxTokens = 16;

    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string HashOf(string token) => CartOwner.HashToken(token);

    /// <summary><paramref name="hashes"/> with <paramref name="hash"/> added, keeping the newest <see cref="MaxTokens"/>.</summary>
    public static IReadOnlyList<string> WithToken(IReadOnlyList<string>? hashes, string hash) => [.. (hashes ?? []).Append(hash).TakeLast(MaxTokens)];

    /// <summary>True when <paramref name="caller"/> may see the order whose tokens hash to <paramref name="tokenHashes"/>, owned by <paramref name="ownerCustomerId"/> (null: a guest's).</summary>
    public static bool Allows(OrderCaller caller, IReadOnlyList<string>? tokenHashes, string? ownerCustomerId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.IsAdmin || (ownerCustomerId is not null && string.Equals(caller.CustomerId, ownerCustomerId, StringComparison.Ordinal)))
        {
            return true;
        }

        // Every stored hash is compared, matching or not: the time taken says nothing about which one matched.
        var matches = false;
        foreach (var hash in tokenHashes ?? [])
        {
            matches |= CartOwner.TokenMatches(caller.OrderToken, hash);
        }

        return matches;
    }
}
