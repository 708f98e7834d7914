using Commerce.Contracts;
using Commerce.Documents;
using Commerce.Documents.Sqlite;
using Commerce.Recommendations.Interactions;
using Commerce.Recommendations.Serving;
using Commerce.Recommendations.Stores;
using Commerce.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Commerce.Recommendations.Tests;

/// <summary>
/// The document-store adapters over the <c>interactions</c> container: what the clickstream ingestion records, serving
/// and training read back. The same cases run on the embedded SQLite store and on the Cosmos DB server.
/// </summary>
public abstract class InteractionStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    protected abstract IDocumentStore Store { get; }

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly IOptions<RecommendationOptions> _options = Options.Create(new RecommendationOptions { DataDays = 7, RefreshInterval = TimeSpan.FromMinutes(1) });

    private InteractionRecorder Recorder => new(Store, _options);

    private static StorefrontEvent Event(string id, string type, string? product, DateTimeOffset at, string session = "sess-1", string? customer = null) => new()
    {
        Id = id, Type = type, SessionId = session, CustomerId = customer, ProductId = product, Timestamp = at,
    };

    [Fact]
    public async Task Customer_purchases_and_recent_activity_read_back_and_a_redelivered_batch_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var customer = $"cust-{Guid.NewGuid():N}";
        StorefrontEvent[] batch =
        [
            Event("e1", StorefrontEventTypes.ProductView, "p-1", Now.AddMinutes(-10), customer: customer),
            Event("e2", StorefrontEventTypes.AddToCart, "p-1", Now.AddMinutes(-9), customer: customer),
            Event("e3", StorefrontEventTypes.Purchase, "p-1", Now.AddMinutes(-8), customer: customer),
            Event("e4", StorefrontEventTypes.Search, null, Now.AddMinutes(-7), customer: customer),
            Event("e5", StorefrontEventTypes.Purchase, null, Now.AddMinutes(-6), customer: customer), // An order-level purchase names no product.
            Event("e6", StorefrontEventTypes.ProductView, "p-2", Now.AddMinutes(-5), customer: customer),
        ];

        Assert.Equal(4, await Recorder.RecordAsync(batch, ct));
        await Recorder.RecordAsync(batch, ct);
        var history = new DocumentShopperHistory(Store);

        Assert.Equal(["p-1"], await history.PurchasedByAsync(customer, ct));
        var recent = await history.RecentAsync(customer, 10, ct);
        Assert.Equal([("p-1", InteractionKind.View), ("p-1", InteractionKind.AddToCart), ("p-1", InteractionKind.Purchase), ("p-2", InteractionKind.View)], recent.Select(r => (r.ProductId, r.Kind)));
        Assert.Equal([("p-1", InteractionKind.Purchase), ("p-2", InteractionKind.View)], (await history.RecentAsync(customer, 2, ct)).Select(r => (r.ProductId, r.Kind)));
        Assert.Empty(await history.PurchasedByAsync("nobody", ct));
        Assert.Empty(await history.RecentAsync("nobody", 10, ct));
    }

    [Fact]
    public async Task An_order_purchase_event_records_a_purchase_of_each_product_in_the_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var customer = $"cust-{Guid.NewGuid():N}";
        var orderId = $"ord-{Guid.NewGuid():N}";
        await Store.Container<PlacedOrder>(PlacedOrder.Container).UpsertAsync(orderId, orderId, new PlacedOrder([new("SKU-RED-M"), new("SKU-RED-L"), new("SKU-HAT")]), cancellationToken: ct);
        foreach (var (sku, product) in new[] { ("SKU-RED-M", "p-shirt"), ("SKU-RED-L", "p-shirt"), ("SKU-HAT", "p-hat") })
        {
            await Store.Container<SkuSnapshot>(SkuSnapshot.Container).UpsertAsync(sku, sku, new SkuSnapshot
            {
                Sku = sku, ProductId = product, Name = product, Status = SkuStatus.Active, Prices = new Dictionary<string, long> { ["USD"] = 100 },
            }, cancellationToken: ct);
        }

        StorefrontEvent[] purchase = [Event("purchase-" + orderId, StorefrontEventTypes.Purchase, null, Now, customer: customer) with { OrderId = orderId }];
        Assert.Equal(2, await Recorder.RecordAsync(purchase, ct));
        await Recorder.RecordAsync(purchase, ct);

        var history = new DocumentShopperHistory(Store);
        Assert.Equal(["p-hat", "p-shirt"], (await history.PurchasedByAsync(customer, ct)).Order(StringComparer.Ordinal));
        Assert.Equal(2, (await history.RecentAsync(customer, 10, ct)).Count);
        Assert.Equal(0, await Recorder.RecordAsync([Event("purchase-x", StorefrontEventTypes.Purchase, null, Now) with { OrderId = "no-such-order" }], ct));
    }

    [Fact]
    public async Task Anonymous_session_views_are_kept_per_session_newest_fifty()
    {
        var ct = TestContext.Current.CancellationToken;
        var session = $"sess-{Guid.NewGuid():N}";
        var events = Enumerable.Range(0, 60).Select(i => Event($"{session}-{i}", StorefrontEventTypes.ProductView, $"p-{i}", Now.AddMinutes(-60 + i), session)).ToArray();

        await Recorder.RecordAsync(events[30..], ct);
        await Recorder.RecordAsync(events[..30], ct); // Late, out of order: only what is newer than the oldest kept fits.

        var recent = await new DocumentShopperHistory(Store).SessionRecentAsync(session, 100, ct);
        Assert.Equal(Enumerable.Range(10, 50).Select(i => $"p-{i}"), recent.Select(r => r.ProductId));
        Assert.Empty(await new DocumentShopperHistory(Store).RecentAsync(session, 10, ct)); // A session is not a customer.
    }

    [Fact]
    public async Task Training_reads_the_logged_interactions_of_its_window_in_temporal_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var session = $"sess-{Guid.NewGuid():N}";
        await Recorder.RecordAsync(
        [
            Event($"{session}-late", StorefrontEventTypes.AddToCart, "p-2", Now.AddHours(-1), session),
            Event($"{session}-early", StorefrontEventTypes.ProductView, "p-1", Now.AddDays(-3), session),
            Event($"{session}-old", StorefrontEventTypes.ProductView, "p-0", Now.AddDays(-8), session), // Before the 7-day window.
            Event($"{session}-buy", StorefrontEventTypes.Purchase, "p-3", Now.AddMinutes(-1), session, customer: "c-1"),
        ], ct);

        var data = await new DocumentTrainingDataSource(Store, _options, _clock).LoadAsync(ct);

        var mine = data.Interactions.Where(i => i.UserId == "s:" + session || i.UserId == "c:c-1").ToList();
        Assert.Equal(
            [("s:" + session, "p-1", InteractionKind.View), ("s:" + session, "p-2", InteractionKind.AddToCart), ("c:c-1", "p-3", InteractionKind.Purchase)],
            mine.Select(i => (i.UserId, i.ProductId, i.Kind)));
        Assert.Equal(data.Interactions.OrderBy(i => i.Timestamp).Select(i => i.Timestamp), data.Interactions.Select(i => i.Timestamp));
    }

    [Fact]
    public async Task Trending_is_the_published_list_and_the_model_list_until_one_is_published()
    {
        var ct = TestContext.Current.CancellationToken;
        var models = TestModels.Holding(TestModels.Cooccurrence);
        var store = new SqliteDocumentStore(Directory.CreateTempSubdirectory("trending-").FullName); // Its own store: the list is a singleton document.
        var trending = new DocumentTrendingProducts(store, models, _options, _clock);

        Assert.Equal(TestModels.Cooccurrence.Trending.Take(3), await trending.TrendingAsync(3, ct));

        await trending.PublishAsync(new TrendingList(["p-9", "p-8", "p-7", "p-6"], Now.AddHours(-24), Now), ct);
        Assert.Equal(TestModels.Cooccurrence.Trending.Take(3), await trending.TrendingAsync(3, ct)); // Cached until the refresh interval passes.
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(["p-9", "p-8", "p-7"], await trending.TrendingAsync(3, ct));
        store.Dispose();
    }
}

public sealed class SqliteInteractionStoreTests : InteractionStoreTests, IDisposable
{
    private readonly SqliteDocumentStore _store = new(Directory.CreateTempSubdirectory("interactions-").FullName);

    protected override IDocumentStore Store => _store;

    public void Dispose() => _store.Dispose();
}

[Collection(CosmosServerCollection.Name)]
public sealed class CosmosInteractionStoreTests(CosmosServerFixture cosmos) : InteractionStoreTests
{
    private readonly IDocumentStore _store = cosmos.CreateStore($"recs{Guid.NewGuid():N}");

    protected override IDocumentStore Store => _store;
}

[CollectionDefinition(Name)]
public sealed class CosmosServerCollection : ICollectionFixture<CosmosServerFixture>
{
    public const string Name = "CosmosServer";
}
