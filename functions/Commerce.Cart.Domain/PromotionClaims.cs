using System.Security.Cryptography;
using System.Text;

namespace Commerce.Cart.Domain;

/// <summary>
/// Who a per-customer limit (<see cref="Promotion.MaxUsesPerCustomer"/>) counts: a signed-in customer by id, a guest by
/// the email of the checkout. The email is normalized: trimmed, lower-cased, and a <c>+tag</c> dropped from the local part,
/// so " Ada+promo@Example.com" and "ada@example.com" are one guest (sub-addressing is the cheapest way to reuse a
/// once-per-customer code and most providers deliver it to the same mailbox). Dots are kept: only some providers ignore
/// them, and merging different mailboxes would refuse real customers. A signed-in customer and a guest checkout with the
/// same email are counted apart. The key holds a SHA-256 of the address, never the address itself.
/// </summary>
public static class PromotionClaimants
{
    public static string Customer(string customerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        return "customer:" + customerId;
    }

    public static string Guest(string email)
        => "email:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(NormalizeEmail(email))));

    /// <summary>The customer when signed in, else the guest's email.</summary>
    public static string Of(string? customerId, string email) => customerId is null ? Guest(email) : Customer(customerId);

    public static string NormalizeEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var normalized = email.Trim().ToLowerInvariant();
        var at = normalized.LastIndexOf('@');
        var plus = at > 0 ? normalized.IndexOf('+', 0, at) : -1;
        return plus > 0 ? normalized[..plus] + normalized[at..] : normalized;
    }
}

/// <summary>One order's use of a promotion, held on a counter until it is settled, released or expires.</summary>
public sealed record PromotionClaim(string OrderId, DateTimeOffset ExpiresAt);

/// <summary>
/// A usage counter of one promotion, in total or for one claimant: the uses counted, and the orders whose use is claimed
/// but not settled (<see cref="Claims"/>), which make a repeated claim or release of the same order a no-op. A claim is
/// checked against the limit and recorded in the same conditional write, so concurrent claims never pass the limit.
/// Claims leave the list when settled (the order stands: the use stays counted), released (the checkout failed: the use
/// is given back) or after <see cref="ClaimRetention"/> (longer than any checkout runs; the use stays counted, so a
/// checkout lost without compensation can cost a use but never grant one too many). The list is bounded by the
/// checkouts in flight (and by the limit, as every claim in it is counted).
/// </summary>
public sealed record PromotionCounter
{
    public static readonly TimeSpan ClaimRetention = TimeSpan.FromDays(7);

    public long Count { get; init; }

    public IReadOnlyList<PromotionClaim> Claims { get; init; } = [];

    public bool Holds(string orderId) => Claims.Any(c => c.OrderId == orderId);

    /// <summary>Claims a use for <paramref name="orderId"/> unless it holds one or <paramref name="limit"/> is reached; Next is null when nothing changes.</summary>
    public (RedemptionOutcome Outcome, PromotionCounter? Next) Claim(string orderId, long limit, DateTimeOffset now)
    {
        if (Holds(orderId))
        {
            return (RedemptionOutcome.AlreadyRedeemed, null);
        }

        return Count >= limit
            ? (RedemptionOutcome.LimitReached, null)
            : (RedemptionOutcome.Redeemed, new PromotionCounter { Count = Count + 1, Claims = [.. Live(now), new PromotionClaim(orderId, now + ClaimRetention)] });
    }

    /// <summary>Gives back the use <paramref name="orderId"/> holds; null when it holds none (released already, settled, or never claimed).</summary>
    public PromotionCounter? Release(string orderId, DateTimeOffset now)
        => Holds(orderId) ? new PromotionCounter { Count = Math.Max(0, Count - 1), Claims = [.. Live(now).Where(c => c.OrderId != orderId)] } : null;

    /// <summary>Keeps the use of <paramref name="orderId"/> for good (its order stands); null when it holds none.</summary>
    public PromotionCounter? Settle(string orderId, DateTimeOffset now)
        => Holds(orderId) ? this with { Claims = [.. Live(now).Where(c => c.OrderId != orderId)] } : null;

    IEnumerable<PromotionClaim> Live(DateTimeOffset now) => Claims.Where(c => c.ExpiresAt > now);
}
