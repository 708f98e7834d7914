using Commerce.Cart.Domain;
using Commerce.Cart.Storage;
using Commerce.Contracts;
using Commerce.Documents;
using Commerce.Documents.Sqlite;
using Commerce.Orders.Checkout;
using Commerce.Orders.Domain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Orders.UnitTests;

/// <summary>
/// Checkout's re-pricing against price experiments, in the orders app's own composition over a real store: the cart app
/// and the catalog each re-read the running experiments on their own schedule, so what checkout charges must not depend
/// on when the orders app last read them.
/// </summary>
public sealed class CheckoutExperimentPricesTests : IDisposable
{
    const string Sku = "TEE-CREW";
    const long Usual = 2_000;

    readonly string dataPath = Path.Combine(Path.GetTempPath(), "commerce-checkout-experiments", Guid.NewGuid().ToString("N"));
    readonly SqliteDocumentStore store;
    readonly ServiceProvider orders;

    public CheckoutExperimentPricesTests()
    {
        store = new SqliteDocumentStore(dataPath);

        // The orders app's wiring of the cart domain, with a long re-read interval for the experiments its reads cache.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [LivePriceExperiments.LifetimeSetting] = "01:00:00" })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IDocumentStore>(store);
        services.AddSingleton<IQueueSender>(new RecordingQueueSender());
        services.AddCartCore(configuration);
        services.AddSingleton<CartCheckout>();
        orders = services.BuildServiceProvider();
    }

    public void Dispose()
    {
        orders.Dispose();
        store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataPath, recursive: true);
    }

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static readonly ShippingAddress ShipTo = new("Ada Buyer", "1 Main St", null, "Springfield", "IL", "62701", "US");

    [Fact]
    public async Task Checkout_prices_the_cart_at_the_experiments_running_now_not_at_an_earlier_read_of_them()
    {
        await store.Container<SkuSnapshot>(SkuSnapshot.Container).UpsertAsync(Sku, Sku, new SkuSnapshot
        {
            Sku = Sku,
            ProductId = "p-crew",
            Name = "Crew tee",
            CategoryId = "tees",
            Status = SkuStatus.Active,
            Prices = new Dictionary<string, long> { ["USD"] = Usual },
        }, cancellationToken: Ct);
        var carts = orders.GetRequiredService<CartService>();
        var (created, _) = await carts.CreateGuestAsync("USD", "s-checkout-experiment", Ct);
        var added = await carts.ExecuteAsync(created, created.ETag, new AddLine(Sku, 1), Ct);
        var checkout = orders.GetRequiredService<CartCheckout>();
        var cart = (await checkout.FindAsync(added.Cart.Cart.Id, Ct))!;

        // A checkout before the experiment starts prices the usual price (and the orders app has read the experiments).
        var before = (await checkout.GetForCheckoutAsync(cart.CartId, cart.Owner, ShipTo, Ct))!;

        // Pricing starts an experiment every shopper is in: the storefront re-reads it and shows 16.00; a checkout now charges it.
        await store.Container<LivePriceExperiment>(LivePriceExperiment.Container).UpsertAsync("exp-1", LivePriceExperiment.Partition, new LivePriceExperiment
        {
            Id = "exp-1",
            Variants = [new LivePriceVariant("minus20", 8_000, 100)],
            Skus = [Sku],
            ProductIds = ["p-crew"],
            StartAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        }, cancellationToken: Ct);
        var during = (await checkout.GetForCheckoutAsync(cart.CartId, cart.Owner, ShipTo, Ct))!;

        Assert.Equal((Usual, 1_600L), (before.Lines[0].UnitPrice.Minor, during.Lines[0].UnitPrice.Minor));
    }
}
