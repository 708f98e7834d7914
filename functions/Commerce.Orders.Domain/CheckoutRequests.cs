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

/// <summary>What one idempotency key was first used for (container <see cref="Container"/>, id = pk = order id).</summary>
public sealed record CheckoutRequestRecord(string OrderId, string BodyHash, DateTimeOffset ReceivedAt)
{
    public const string Container = "checkout-requests";
}

public enum CheckoutAdmission
{
    /// <summary>First use of the key: start the saga.</summary>
    New,

    /// <summary>The same key with the same body: the same order.</summary>
    Repeat,

    /// <summary>The same key with a different body.</summary>
    Mismatch,
}

/// <summary>Admits checkout requests exactly once per idempotency key, by a create-if-absent of the key's record.</summary>
public sealed class CheckoutRequests(IDocumentStore store, TimeProvider clock)
{
    public const int MaxKeyLength = 255;

    IDocumentContainer<CheckoutRequestRecord> Records => store.Container<CheckoutRequestRecord>(CheckoutRequestRecord.Container);

    /// <summary>The order id (and saga instance id) a key stands for: a hash, so keys of any shape make a safe id.</summary>
    public static string OrderIdFor(string idempotencyKey)
        => "ord_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..32];

    public static string HashOf(string canonicalBody) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalBody)));

    /// <summary>The request's hash: its body, and who sent it and what they reviewed when those came outside the body.</summary>
    public static string HashOf(string canonicalBody, string? customerId, string? reviewedETag)
        => HashOf(customerId is null && reviewedETag is null ? canonicalBody : $"{canonicalBody}\n{customerId}\n{reviewedETag}");

    /// <summary>The record of an accepted checkout, by order id; null when no checkout has that id.</summary>
    public async Task<CheckoutRequestRecord?> GetAsync(string orderId, CancellationToken cancellationToken = default)
        => (await Records.ReadAsync(orderId, orderId, cancellationToken))?.Value;

    public async Task<(CheckoutAdmission Admission, CheckoutRequestRecord Record)> AdmitAsync(string idempotencyKey, string bodyHash, CancellationToken cancellationToken = default)
    {
        var orderId = OrderIdFor(idempotencyKey);
        var record = new CheckoutRequestRecord(orderId, bodyHash, clock.GetUtcNow());
        try
        {
            await Records.CreateAsync(orderId, orderId, record, cancellationToken: cancellationToken);
            return (CheckoutAdmission.New, record);
        }
        catch (DocumentConflictException)
        {
            var existing = (await Records.ReadAsync(orderId, orderId, cancellationToken))!.Value;
            return (existing.BodyHash == bodyHash ? CheckoutAdmission.Repeat : CheckoutAdmission.Mismatch, existing);
        }
    }
}
