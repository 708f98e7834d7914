namespace Commerce.Replenishment.Domain;

/// <summary>
/// Daily demand of one SKU at one location, day 0 being <see cref="Start"/>. <see cref="Promotions"/> covers at least
/// the same days and may run further: promotions are planned, so the days to forecast carry their flag too.
/// <see cref="Clickstream"/> is the SKU's storefront interest on the same days (every location of the SKU shares it);
/// null when nothing is known of it.
/// </summary>
public sealed record DemandSeries(string Sku, string Warehouse, DateOnly Start, float[] Quantities, bool[] Promotions)
{
    /// <summary>The SKU's daily product views and add-to-carts, day 0 being <see cref="Start"/>; null: unknown.</summary>
    public SkuClickstream? Clickstream { get; init; }

    /// <summary>A series without any promotion calendar.</summary>
    public static DemandSeries WithoutPromotions(string sku, string warehouse, DateOnly start, float[] quantities) =>
        new(sku, warehouse, start, quantities, new bool[quantities.Length]);

    /// <summary>Index of the last observed day.</summary>
    public int LastDay => Quantities.Length - 1;

    public DateOnly DateOf(int day) => Start.AddDays(day);

    public bool IsPromoted(int day) => day >= 0 && day < Promotions.Length && Promotions[day];
}

/// <summary>A SKU's storefront interest per day: views of its product page and add-to-carts (the clickstream's counts).</summary>
public sealed record SkuClickstream(float[] Views, float[] AddToCarts);
