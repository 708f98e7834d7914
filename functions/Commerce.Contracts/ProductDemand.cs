using System.Globalization;

namespace Commerce.Contracts;

/// <summary>
/// Demand for one product on one UTC day, rolled up from the clickstream aggregates: container <see cref="Container"/>,
/// partition key = <see cref="ProductId"/>, id = <see cref="IdOf"/>(<see cref="Day"/>). Written only by the analytics
/// context; the pricing context reads it (demand signals and the price model's training data). The key is the id the
/// clickstream names: product views name the product, the cart's add-to-cart events name the SKU, so a reader of a
/// SKU adds the product's and the SKU's days.
/// </summary>
public sealed record ProductDemandDay
{
    public const string Container = "product-demand";

    public required string ProductId { get; init; }

    public required DateOnly Day { get; init; }

    public long Views { get; init; }

    public long AddToCarts { get; init; }

    /// <summary>Units bought.</summary>
    public long Purchases { get; init; }

    public static string IdOf(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
