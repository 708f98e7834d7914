using Commerce.Contracts;

namespace Commerce.Analytics.Domain.Events;

/// <summary>
/// A storefront event as a client sent it: every field optional, so one bad event can be rejected on its own
/// while the rest of its batch is accepted. <see cref="ToEvent"/> gives the validated, normalized event.
/// </summary>
public sealed record IncomingStorefrontEvent
{
    public string? Id { get; init; }
    public string? Type { get; init; }
    public string? SessionId { get; init; }
    public string? CustomerId { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    public string? Device { get; init; }
    public string? Country { get; init; }
    public string? ProductId { get; init; }
    public string? Query { get; init; }
    public int? ResultCount { get; init; }
    public string? OrderId { get; init; }
    public long? Value { get; init; }
    public string? Currency { get; init; }

    /// <summary>The normalized event (UTC timestamp, lower-case device, upper-case country and currency); call after validation.</summary>
    public StorefrontEvent ToEvent() => new()
    {
        Id = Id!,
        Type = Type!,
        SessionId = SessionId!,
        CustomerId = CustomerId,
        Timestamp = Timestamp!.Value.ToUniversalTime(),
        Device = string.IsNullOrWhiteSpace(Device) ? "unknown" : Clip(Device.Trim().ToLowerInvariant()),
        Country = Country is { Length: 2 } c && char.IsAsciiLetter(c[0]) && char.IsAsciiLetter(c[1]) ? c.ToUpperInvariant() : "ZZ",
        ProductId = ProductId,
        Query = Query?.Trim(),
        ResultCount = ResultCount,
        OrderId = OrderId,
        Value = Value,
        Currency = Currency?.ToUpperInvariant(),
    };

    static string Clip(string value) => value.Length <= 32 ? value : value[..32];
}
