namespace Commerce.Contracts;

/// <summary>
/// What the catalog publishes about one sellable SKU for the cart and orders contexts to read with one point read:
/// container <see cref="Container"/>, id and partition key = <see cref="Sku"/>. The catalog writes it whenever the
/// product (or the variant) changes; readers never write it.
/// </summary>
public sealed record SkuSnapshot
{
    public const string Container = "skus";

    public required string Sku { get; init; }

    public required string ProductId { get; init; }

    public required string Name { get; init; }

    /// <summary>Variant option values, e.g. size = M, colour = navy.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    public string? Slug { get; init; }

    /// <summary>The product's category (pricing guardrails and runs are per category); null in snapshots written before it was published.</summary>
    public string? CategoryId { get; init; }

    public string? ImageUrl { get; init; }

    /// <summary>Only <see cref="SkuStatus.Active"/> SKUs can be added to a cart.</summary>
    public required SkuStatus Status { get; init; }

    /// <summary>Unit price per ISO 4217 currency, in minor units; a SKU without a price in a currency is not sold in it.</summary>
    public required IReadOnlyDictionary<string, long> Prices { get; init; }

    /// <summary>Shipping weight of one unit, in grams.</summary>
    public int WeightGrams { get; init; }

    /// <summary>Tax class for the tax tables (e.g. <c>standard</c>, <c>reduced</c>).</summary>
    public string TaxClass { get; init; } = "standard";

    public DateTimeOffset UpdatedAt { get; init; }

    public Money? PriceIn(string currency) => Prices.TryGetValue(currency, out var minor) ? new Money(minor, currency) : null;
}

public enum SkuStatus
{
    Draft,
    Active,
    Archived,
}
