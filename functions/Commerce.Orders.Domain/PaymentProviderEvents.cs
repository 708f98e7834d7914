using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Commerce.Documents;

namespace Commerce.Orders.Domain;

/// <summary>
/// A payment provider's webhook event in Stripe's shape (both providers speak it: the simulated one too):
/// <c>{"id":"evt_...","object":"event","type":"payment_intent.amount_capturable_updated","created":...,
/// "data":{"object":{"id":"pi_...","object":"payment_intent","status":"requires_capture","metadata":{"order_id":"ord_..."}}}}</c>.
/// Only the fields the orders app acts on are read.
/// </summary>
public sealed record PaymentProviderEvent(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("data")] PaymentProviderEventData? Data,
    [property: JsonPropertyName("object")] string Object = "event",
    [property: JsonPropertyName("created")] long Created = 0,
    [property: JsonPropertyName("livemode")] bool Livemode = false)
{
    /// <summary>The customer completed the action: the PaymentIntent is authorized (<c>requires_capture</c>).</summary>
    public const string AmountCapturableUpdated = "payment_intent.amount_capturable_updated";

    /// <summary>The customer failed the action (or the bank refused after it): back to <c>requires_payment_method</c>.</summary>
    public const string PaymentFailed = "payment_intent.payment_failed";

    /// <summary>The PaymentIntent was cancelled (by the provider, or a void).</summary>
    public const string Canceled = "payment_intent.canceled";

    /// <summary>The order the event is about (the PaymentIntent's <c>order_id</c> metadata); null when it names none.</summary>
    [JsonIgnore]
    public string? OrderId => Data?.Object?.Metadata?.GetValueOrDefault(PaymentIntentSnapshot.OrderIdKey);

    /// <summary>Whether the event ends a customer action, and how: true approved, false declined, null not such an event.</summary>
    [JsonIgnore]
    public bool? ActionApproved => Type switch
    {
        AmountCapturableUpdated => true,
        PaymentFailed or Canceled => false,
        _ => null,
    };

    /// <summary>The event a provider sends when the customer's action on <paramref name="authorizationId"/> ended.</summary>
    public static PaymentProviderEvent ActionCompleted(string eventId, string orderId, string authorizationId, bool approved, DateTimeOffset at)
        => new(eventId, approved ? AmountCapturableUpdated : PaymentFailed, new PaymentProviderEventData(new PaymentIntentSnapshot(
            authorizationId,
            approved ? "requires_capture" : "requires_payment_method",
            new Dictionary<string, string> { [PaymentIntentSnapshot.OrderIdKey] = orderId })), Created: at.ToUnixTimeSeconds());
}

public sealed record PaymentProviderEventData([property: JsonPropertyName("object")] PaymentIntentSnapshot? Object);

/// <summary>The PaymentIntent inside an event (id, status, metadata).</summary>
public sealed record PaymentIntentSnapshot(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("metadata")] Dictionary<string, string>? Metadata,
    [property: JsonPropertyName("object")] string Object = "payment_intent")
{
    /// <summary>The metadata key naming the order a PaymentIntent pays for.</summary>
    public const string OrderIdKey = "order_id";
}

/// <summary>
/// Stripe's webhook signature: header <c>Stripe-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "{t}.{body}"&gt;</c>
/// (several <c>v1</c> are allowed while a secret rolls over); the key is the secret's UTF-8 bytes. A signature older (or
/// newer) than the tolerance is refused, so a captured request cannot be replayed later; comparisons are constant-time.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "Stripe-Signature";

    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, DateTimeOffset at, ReadOnlySpan<byte> body)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={timestamp},v1={Convert.ToHexStringLower(Mac(secret, timestamp, body))}";
    }

    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(header))
        {
            return false;
        }

        string? timestamp = null;
        var signatures = new List<string>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = part.IndexOf('=', StringComparison.Ordinal) is > 0 and var at ? (part[..at], part[(at + 1)..]) : (part, string.Empty);
            if (key == "t")
            {
                timestamp = value;
            }
            else if (key == "v1")
            {
                signatures.Add(value);
            }
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
        {
            return false;
        }

        var expected = Mac(secret, timestamp!, body);
        var matched = false;
        Span<byte> actual = stackalloc byte[expected.Length];
        foreach (var signature in signatures)
        {
            // Every candidate is compared in full (no early exit), each in constant time.
            matched |= signature.Length == expected.Length * 2
                && Convert.FromHexString(signature, actual, out _, out var written) == System.Buffers.OperationStatus.Done
                && written == expected.Length
                && CryptographicOperations.FixedTimeEquals(expected, actual);
        }

        return matched;
    }

    static byte[] Mac(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}

/// <summary>A provider event the orders app has taken (container <see cref="Container"/>, id = pk = event id).</summary>
public sealed record ProcessedPaymentEvent(string EventId, string Type, string? OrderId, DateTimeOffset ReceivedAt)
{
    public const string Container = "payment-events";

    /// <summary>Longer than the provider retries an event (Stripe: 3 days) and than a signature stays valid.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromDays(30);
}

/// <summary>
/// Replay protection for webhook events: an event is applied only by the request that records its id first (a
/// create-if-absent); a replay, or the provider's duplicate delivery, is acknowledged without being applied again.
/// An event whose application failed is forgotten, so the provider's retry applies it.
/// </summary>
public sealed class PaymentEventLog(IDocumentStore store, TimeProvider clock)
{
    IDocumentContainer<ProcessedPaymentEvent> Events => store.Container<ProcessedPaymentEvent>(ProcessedPaymentEvent.Container);

    /// <summary>True when this call recorded the event (apply it); false when it was already taken.</summary>
    public async Task<bool> TryTakeAsync(PaymentProviderEvent providerEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(providerEvent);
        try
        {
            await Events.CreateAsync(providerEvent.Id, providerEvent.Id, new ProcessedPaymentEvent(providerEvent.Id, providerEvent.Type, providerEvent.OrderId, clock.GetUtcNow()),
                new DocumentWriteOptions { TimeToLive = ProcessedPaymentEvent.TimeToLive }, cancellationToken);
            return true;
        }
        catch (DocumentConflictException)
        {
            return false;
        }
    }

    public Task ForgetAsync(string eventId, CancellationToken cancellationToken = default)
        => Events.DeleteAsync(eventId, eventId, cancellationToken: cancellationToken);
}
