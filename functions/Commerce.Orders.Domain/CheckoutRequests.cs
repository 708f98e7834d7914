using System.Security.Cryptography;
using System.Text;
using Commerce.Contracts;
using Commerce.Documents;

namespace Commerce.Orders.Domain;

/// <summary>
/// The checkout request body. <see cref="CartToken"/> opens a guest cart; a signed-in customer sends their bearer token
/// instead. <see cref="ExpectedTotal"/> (optional): the total the shopper reviewed, e.g.
/// <c>{"minor": 3431, "currency": "USD"}</c>; when given, checkout charges exactly it or fails with <c>price_changed</c>.
/// </summary>
public sealed record CheckoutRequest(string? CartId, string? CartToken, string? Email, ShippingAddress? ShippingAddress, string? PaymentToken, Money? ExpectedTotal = null)
{
    /// <param name="signedIn">The caller proved a customer identity (bearer token): the cart token is then optional.</param>
    public Dictionary<string, string[]> Validate(bool signedIn = false)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Require(string? value, string field, int max = 200)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors[field] = [$"{field} is required."];
            }
            else if (value.Length > max)
            {
                errors[field] = [$"{field} must be at most {max} characters."];
            }
        }

        Require(CartId, "cartId");
        if (!signedIn || CartToken is not null)
        {
            Require(CartToken, "cartToken", 500);
        }

        if (ExpectedTotal is { } expected && (expected.Minor < 0 || !Currencies.IsSupported(expected.Currency)))
        {
            errors["expectedTotal"] = ["expectedTotal is {\"minor\": a whole number of minor units (0 or more), \"currency\": a supported ISO 4217 code}."];
        }

        Require(Email, "email", 254);
        if (Email is { Length: > 0 } email && (!email.Contains('@', StringComparison.Ordinal) || email.StartsWith('@') || email.EndsWith('@')))
        {
            errors["email"] = ["email is not an email address."];
        }

        Require(PaymentToken, "paymentToken");
        if (ShippingAddress is not { } address)
        {
            errors["shippingAddress"] = ["shippingAddress is required."];
        }
        else
        {
            AddressLimits.CheckAddress(errors, "shippingAddress.", address.Name, address.Line1, address.Line2, address.City, address.Region, address.PostalCode, address.Country);
        }

        return errors;
    }
}

/// <summary>
/// One checkout's admission (container <see cref="Container"/>, id = pk = order id): the request's hash, when it arrived,
/// the signed-in customer who sent it, and the SHA-256 of each order access token handed out for it (the newest
/// <see cref="OrderAccess.MaxTokens"/>). An empty <see cref="BodyHash"/>: not admitted yet, only tokens handed out to a
/// second tab while the first tab's admission was under way.
/// </summary>
public sealed record CheckoutRequestRecord(string OrderId, string BodyHash, DateTimeOffset ReceivedAt, string? CustomerId = null, IReadOnlyList<string>? TokenHashes = null)
{
    public const string Container = "checkout-requests";

    public bool IsAdmitted => BodyHash.Length > 0;
}

/// <summary>
/// Which order an Idempotency-Key stands for (container <see cref="CheckoutRequestRecord.Container"/>, id = pk =
/// <see cref="CheckoutRequests.KeyId"/>): written once, when the key is first admitted. The order id itself is random.
/// </summary>
public sealed record CheckoutKeyRecord(string OrderId);

public enum CheckoutAdmission
{
    /// <summary>First use of the key: start the saga.</summary>
    New,

    /// <summary>The same key with the same body: the same order.</summary>
    Repeat,

    /// <summary>The same key with a different body.</summary>
    Mismatch,
}

/// <summary>
/// Admits checkout requests exactly once per idempotency key: a create-if-absent of the key's record names the order
/// (a random id minted for the key's first request), then the order's admission record is written or, for a repeat,
/// given the new access token. Neither id follows from the key, so knowing a key does not name an order.
/// </summary>
public sealed class CheckoutRequests(IDocumentStore store, TimeProvider clock)
{
    public const int MaxKeyLength = 255;
    const int Attempts = 10;

    IDocumentContainer<CheckoutRequestRecord> Records => store.Container<CheckoutRequestRecord>(CheckoutRequestRecord.Container);

    IDocumentContainer<CheckoutKeyRecord> Keys => store.Container<CheckoutKeyRecord>(CheckoutRequestRecord.Container);

    /// <summary>A new order id (and saga instance id): <c>ord_</c> and 128 random bits in lower-case hex.</summary>
    public static string NewOrderId() => "ord_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The id of a key's record: a hash, so keys of any shape make a safe id (and the store never holds the key).</summary>
    public static string KeyId(string idempotencyKey) => "key_" + HashOf(idempotencyKey);

    public static string HashOf(string canonicalBody) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalBody)));

    /// <summary>The request's hash: its body, and who sent it and what they reviewed when those came outside the body.</summary>
    public static string HashOf(string canonicalBody, string? customerId, string? reviewedETag)
        => HashOf(customerId is null && reviewedETag is null ? canonicalBody : $"{canonicalBody}\n{customerId}\n{reviewedETag}");

    /// <summary>The order a key was admitted for; null when the key was never admitted.</summary>
    public async Task<string?> OrderIdOfAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var id = KeyId(idempotencyKey);
        return (await Keys.ReadAsync(id, id, cancellationToken))?.Value.OrderId;
    }

    /// <summary>The record of an accepted checkout, by order id; null when no checkout with that id was admitted.</summary>
    public async Task<CheckoutRequestRecord?> GetAsync(string orderId, CancellationToken cancellationToken = default)
        => await FindAsync(orderId, cancellationToken) is { IsAdmitted: true } record ? record : null;

    /// <summary>The order's record, admitted or only holding tokens handed out ahead of its admission; null when there is none.</summary>
    public async Task<CheckoutRequestRecord?> FindAsync(string orderId, CancellationToken cancellationToken = default)
        => (await Records.ReadAsync(orderId, orderId, cancellationToken))?.Value;

    /// <summary>
    /// Admits a request under <paramref name="idempotencyKey"/> as <paramref name="orderId"/> (the key's order when the
    /// key was admitted before) and records the access token hashed to <paramref name="tokenHash"/> for it, unless the
    /// key was used with another body.
    /// </summary>
    public async Task<(CheckoutAdmission Admission, CheckoutRequestRecord Record)> AdmitAsync(
        string idempotencyKey, string orderId, string bodyHash, string? customerId, string tokenHash, CancellationToken cancellationToken = default)
    {
        orderId = await KeyAsync(idempotencyKey, orderId, cancellationToken);
        var admission = CheckoutAdmission.New;
        var record = await ChangeAsync(orderId, current =>
        {
            if (current is not { IsAdmitted: true })
            {
                admission = CheckoutAdmission.New;
                return new CheckoutRequestRecord(orderId, bodyHash, clock.GetUtcNow(), customerId, OrderAccess.WithToken(current?.TokenHashes, tokenHash));
            }

            admission = current.BodyHash == bodyHash ? CheckoutAdmission.Repeat : CheckoutAdmission.Mismatch;
            return admission == CheckoutAdmission.Repeat ? current with { TokenHashes = OrderAccess.WithToken(current.TokenHashes, tokenHash) } : null;
        }, cancellationToken);
        return (admission, record);
    }

    /// <summary>Records another access token for <paramref name="orderId"/> (a second tab answered with the order holding its cart).</summary>
    public Task AddTokenAsync(string orderId, string tokenHash, CancellationToken cancellationToken = default)
        => ChangeAsync(orderId, current => (current ?? new CheckoutRequestRecord(orderId, "", clock.GetUtcNow())) with { TokenHashes = OrderAccess.WithToken(current?.TokenHashes, tokenHash) }, cancellationToken);

    /// <summary>Binds the key to <paramref name="orderId"/> unless it is bound already; returns the key's order.</summary>
    async Task<string> KeyAsync(string idempotencyKey, string orderId, CancellationToken cancellationToken)
    {
        var id = KeyId(idempotencyKey);
        try
        {
            await Keys.CreateAsync(id, id, new CheckoutKeyRecord(orderId), cancellationToken: cancellationToken);
            return orderId;
        }
        catch (DocumentConflictException)
        {
            return (await Keys.ReadAsync(id, id, cancellationToken))!.Value.OrderId;
        }
    }

    /// <summary>Read, change, write back under the ETag (again on a concurrent write); <paramref name="change"/> returning null leaves the record as it is.</summary>
    async Task<CheckoutRequestRecord> ChangeAsync(string orderId, Func<CheckoutRequestRecord?, CheckoutRequestRecord?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var current = await Records.ReadAsync(orderId, orderId, cancellationToken);
            if (change(current?.Value) is not { } next)
            {
                return current!.Value;
            }

            try
            {
                return (current is null
                    ? await Records.CreateAsync(orderId, orderId, next, cancellationToken: cancellationToken)
                    : await Records.ReplaceAsync(orderId, orderId, next, current.ETag, cancellationToken: cancellationToken)).Value;
            }
            catch (Exception ex) when (ex is DocumentConflictException or DocumentConcurrencyException or DocumentNotFoundException)
            {
                // Another request wrote first: decide again against what it wrote.
            }
        }

        throw new DocumentStoreUnavailableException($"The checkout record of {orderId} kept changing.");
    }
}
