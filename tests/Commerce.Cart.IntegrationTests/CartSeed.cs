namespace Commerce.Cart.IntegrationTests;

/// <summary>The catalog and stock documents the cart reads (written here the way the catalog and orders apps write them).</summary>
public static class CartSeed
{
    /// <summary>T-shirt 19.99 EUR, 200 g; jeans 59.90 EUR, 700 g; book 12.00 EUR, 400 g, reduced rate; socks 5.00 EUR; an archived SKU.</summary>
    public static IReadOnlyList<SkuSnapshot> Skus { get; } =
    [
        Sku("TSHIRT-M", 1999, 200),
        Sku("JEANS-32", 5990, 700),
        Sku("BOOK-1", 1200, 400, "reduced"),
        Sku("SOCKS", 500, 50),
        Sku("OLD", 1000, 100) with { Status = SkuStatus.Archived },
        .. Enumerable.Range(0, 24).Select(i => Sku($"BULK-{i:00}", 100 + i, 10)),
    ];

    public static SkuSnapshot Sku(string sku, long eur, int grams, string taxClass = "standard") => new()
    {
        Sku = sku,
        ProductId = "p-" + sku,
        Name = "Product " + sku,
        Status = SkuStatus.Active,
        Prices = new Dictionary<string, long> { ["EUR"] = eur, ["USD"] = eur + 1 },
        WeightGrams = grams,
        TaxClass = taxClass,
    };

    public static async Task SeedAsync(IDocumentStore store, CancellationToken cancellationToken)
    {
        var skus = store.Container<SkuSnapshot>(SkuSnapshot.Container);
        var inventory = store.Container<SkuInventory>(SkuInventory.Container);
        foreach (var sku in Skus)
        {
            await skus.UpsertAsync(sku.Sku, sku.Sku, sku, null, cancellationToken);
            var stock = new SkuInventory { Sku = sku.Sku, Warehouses = [new WarehouseStock("w1", 100, 0)] };
            await inventory.UpsertAsync(sku.Sku, sku.Sku, stock, null, cancellationToken);
        }
    }
}
