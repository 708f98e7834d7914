namespace Commerce.Contracts;

/// <summary>
/// The prices the pricing context has applied to one SKU, per ISO 4217 currency in minor units: container
/// <see cref="Container"/>, id and partition key = <see cref="Sku"/>. Written only by the pricing context; after each
/// write it sends the SKU on the <see cref="Queue"/> queue, and the catalog (the only writer of products and of
/// <see cref="SkuSnapshot"/>) reads this document and writes those prices into the product, its listings, search and
/// the SKU snapshot the cart prices from. The catalog always applies the document as it reads it (the latest), so
/// a message delivered twice or out of order changes nothing.
/// </summary>
public sealed record AppliedPrice
{
    public const string Container = "applied-prices";

    /// <summary>Storage queue on which the pricing context names a SKU whose <see cref="AppliedPrice"/> changed.</summary>
    public const string Queue = "applied-prices";

    public required string Sku { get; init; }

    /// <summary>Applied unit price per currency; currencies not listed keep the catalog's own price.</summary>
    public required IReadOnlyDictionary<string, long> Prices { get; init; }

    /// <summary>The price change that last wrote this document.</summary>
    public required string ChangeId { get; init; }

    public DateTimeOffset AppliedAt { get; init; }
}
