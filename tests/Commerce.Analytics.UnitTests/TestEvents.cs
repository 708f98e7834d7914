using Commerce.Analytics.Domain;
using Commerce.Contracts;
using Microsoft.Extensions.Time.Testing;

namespace Commerce.Analytics.UnitTests;

/// <summary>Builders for events and a fixed clock.</summary>
static class TestEvents
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 30, TimeSpan.Zero);

    public static AnalyticsOptions Options { get; } = new();

    public static StorefrontEvent Event(string id, string type, DateTimeOffset at, string session = "s1", string? product = null) => new()
    {
        Id = id,
        Type = type,
        SessionId = session,
        Timestamp = at,
        Device = "mobile",
        Country = "GB",
        ProductId = product ?? (type is StorefrontEventTypes.ProductView or StorefrontEventTypes.AddToCart ? "sku-1" : null),
        Query = type == StorefrontEventTypes.Search ? "Boots" : null,
        ResultCount = type == StorefrontEventTypes.Search ? 0 : null,
        OrderId = type == StorefrontEventTypes.Purchase ? "o-" + id : null,
        Value = type == StorefrontEventTypes.Purchase ? 2_599 : null,
        Currency = type == StorefrontEventTypes.Purchase ? "GBP" : null,
    };

    public static FakeTimeProvider Clock() => new(Now);
}
