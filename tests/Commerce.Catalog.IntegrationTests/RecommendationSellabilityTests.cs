using Commerce.Catalog.Domain;
using Commerce.Catalog.Recommendations;
using Commerce.Contracts;
using Commerce.Documents.Sqlite;
using Commerce.DevHost.Catalog;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Catalog.IntegrationTests;

/// <summary>
/// The recommendations' sellability adapter over the catalog's products and the orders context's inventory (SQLite),
/// with the production stock rule and with the dev host's (<c>DevHost:SellWithoutStockRecord</c>, for its demo catalog).
/// </summary>
public sealed class RecommendationSellabilityTests : IDisposable
{
    readonly SqliteDocumentStore store = new(Directory.CreateTempSubdirectory("sellable-").FullName);
    readonly ServiceProvider services = new ServiceCollection().AddHybridCache().Services.BuildServiceProvider();

    [Fact]
    public async Task Only_active_products_with_a_sku_in_stock_are_sellable()
    {
        var ct = TestContext.Current.CancellationToken;
        await SeedAsync(ct);

        var sellable = await Adapter(sellWithoutStockRecord: false).WhichAreSellableAsync(
            ["in-stock", "sold-out", "archived", "draft", "untracked", "missing", "NOT AN ID"], ct);

        Assert.Equal(["in-stock"], sellable);
    }

    [Fact]
    public async Task Products_without_any_stock_record_are_sellable_only_under_the_dev_hosts_stock_rule()
    {
        var ct = TestContext.Current.CancellationToken;
        await SeedAsync(ct);

        var sellable = await Adapter(sellWithoutStockRecord: true).WhichAreSellableAsync(["in-stock", "sold-out", "archived", "untracked"], ct);

        Assert.Equal(["in-stock", "untracked"], sellable.Order(StringComparer.Ordinal));
    }

    CatalogSellableProducts Adapter(bool sellWithoutStockRecord) =>
        new(store, services.GetRequiredService<HybridCache>(), sellWithoutStockRecord ? new UntrackedStockIsInStock() : null);

    async Task SeedAsync(CancellationToken ct)
    {
        var products = store.Container<Product>(CatalogContainers.Products);
        var inventory = store.Container<SkuInventory>(SkuInventory.Container);
        foreach (var (id, status, sku) in new[]
        {
            ("in-stock", ProductStatus.Active, "SKU-A"), ("sold-out", ProductStatus.Active, "SKU-B"), ("archived", ProductStatus.Archived, "SKU-C"),
            ("draft", ProductStatus.Draft, "SKU-D"), ("untracked", ProductStatus.Active, "SKU-E"),
        })
        {
            await products.UpsertAsync(id, id, new Product
            {
                Id = id, Name = id, Slug = id, Brand = "brand", CategoryId = "category", Status = status,
                Variants = [new ProductVariant { Sku = sku, Prices = new Dictionary<string, long> { ["USD"] = 100 } }],
            }, cancellationToken: ct);
        }

        await inventory.UpsertAsync("SKU-A", "SKU-A", new SkuInventory { Sku = "SKU-A", Warehouses = [new WarehouseStock("w1", 3, 1)] }, cancellationToken: ct);
        await inventory.UpsertAsync("SKU-B", "SKU-B", new SkuInventory { Sku = "SKU-B", Warehouses = [new WarehouseStock("w1", 2, 2)] }, cancellationToken: ct);
        await inventory.UpsertAsync("SKU-C", "SKU-C", new SkuInventory { Sku = "SKU-C", Warehouses = [new WarehouseStock("w1", 5, 0)] }, cancellationToken: ct);
        await inventory.UpsertAsync("SKU-D", "SKU-D", new SkuInventory { Sku = "SKU-D", Warehouses = [new WarehouseStock("w1", 5, 0)] }, cancellationToken: ct);
    }

    public void Dispose()
    {
        services.Dispose();
        store.Dispose();
    }
}
