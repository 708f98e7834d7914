namespace Commerce.Contracts;

/// <summary>The storefront event types the clickstream carries.</summary>
public static class StorefrontEventTypes
{
    public const string PageView = "page_view";
    public const string ProductView = "product_view";
    public const string Search = "search";
    public const string AddToCart = "add_to_cart";
    public const string RemoveFromCart = "remove_from_cart";
    public const string CheckoutStarted = "checkout_started";
    public const string Purchase = "purchase";

    /// <summary>
    /// The catalog showed a shopper a price experiment's variant (<see cref="StorefrontEvent.Experiment"/>): sent by the
    /// platform only, never accepted from clients (it is not in <see cref="All"/>, the collector's list).
    /// </summary>
    public const string PriceExposure = "price_exposure";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        PageView, ProductView, Search, AddToCart, RemoveFromCart, CheckoutStarted, Purchase,
    };
}

/// <summary>One clickstream event (money in minor units with its currency). Ids are unique: consumers dedupe on them.</summary>
public sealed record StorefrontEvent
{
    public required string Id { get; init; }

    public required string Type { get; init; }

    public required string SessionId { get; init; }

    public string? CustomerId { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public string Device { get; init; } = "unknown";

    public string Country { get; init; } = "ZZ";

    public string? ProductId { get; init; }

    public string? Query { get; init; }

    public int? ResultCount { get; init; }

    public string? OrderId { get; init; }

    public long? Value { get; init; }

    public string? Currency { get; init; }

    /// <summary>On a purchase, what the order bought (unit prices in <see cref="Currency"/>): the order history analytics rolls up per SKU.</summary>
    public IReadOnlyList<PurchasedItem>? Items { get; init; }

    /// <summary>On an exposure and a purchase, the shopper price experiments know (<see cref="ExperimentShoppers.Of"/>); null for a shopper they cannot know.</summary>
    public string? Shopper { get; init; }

    /// <summary>On an exposure, the experiment and the variant shown.</summary>
    public ExperimentExposure? Experiment { get; init; }
}

/// <summary>The experiment and the variant a <see cref="StorefrontEventTypes.PriceExposure"/> showed.</summary>
public sealed record ExperimentExposure(string ExperimentId, string Variant);

/// <summary>One line of a purchase: the SKU, the units bought and the unit price paid, in minor units.</summary>
public sealed record PurchasedItem(string Sku, int Quantity, long UnitPrice);

/// <summary>
/// Publishes storefront events to the clickstream (Event Hubs in Azure, partition key = session id; an in-process
/// stream in the dev host). Every context that emits events (collector, cart, orders) uses this one port.
/// </summary>
public interface IClickstreamPublisher
{
    Task PublishAsync(IReadOnlyList<StorefrontEvent> events, CancellationToken cancellationToken = default);
}
