using Commerce.Analytics.Domain;
using Commerce.Analytics.Domain.Aggregation;
using Commerce.Analytics.Domain.Summary;
using Commerce.Contracts;
using Commerce.Documents;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Commerce.Analytics.IntegrationTests;

/// <summary>The batch processor over a real document store: each adapter runs the same behaviours.</summary>
public abstract class BatchProcessorContract
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 30, TimeSpan.Zero);

    protected abstract IDocumentStore Store { get; }

    ClickstreamBatchProcessor Processor() => new(Store, Options.Create(new AnalyticsOptions()), new FakeTimeProvider(Now), NullLogger<ClickstreamBatchProcessor>.Instance);

    SummaryService Summaries => new(Store);

    static StorefrontEvent Event(string id, string type, DateTimeOffset at, string session = "s1") => new()
    {
        Id = id,
        Type = type,
        SessionId = session,
        Timestamp = at,
        ProductId = type is StorefrontEventTypes.ProductView or StorefrontEventTypes.Purchase ? "sku-1" : null,
        OrderId = type == StorefrontEventTypes.Purchase ? "o-" + id : null,
        Value = type == StorefrontEventTypes.Purchase ? 1_000 : null,
        Currency = type == StorefrontEventTypes.Purchase ? "EUR" : null,
    };

    static List<StorefrontEvent> Batch(string prefix, int count, DateTimeOffset at) =>
        [.. Enumerable.Range(0, count).Select(i => Event($"{prefix}-{i}", i % 5 == 0 ? StorefrontEventTypes.Purchase : StorefrontEventTypes.ProductView, at.AddSeconds(-i % 120), "s" + (i % 7)))];

    Task<AnalyticsSummary> SummaryAsync(Granularity granularity = Granularity.Minute) =>
        Summaries.GetAsync(new SummaryQuery(Now.AddHours(-6), Now.AddMinutes(1), granularity), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Reprocessing_a_batch_is_a_no_op()
    {
        var batch = Batch("replay", 50, Now);
        var first = await Processor().ProcessAsync(batch, TestContext.Current.CancellationToken);
        var again = await Processor().ProcessAsync(batch, TestContext.Current.CancellationToken);

        Assert.Equal((50, 0), (first.Counted, first.Duplicates));
        Assert.Equal((0, 50), (again.Counted, again.Duplicates));
        var summary = await SummaryAsync();
        Assert.Equal((40L, 10L), (summary.Totals.Counts.ProductViews, summary.Totals.Counts.Purchases));
        Assert.Equal(10_000, summary.Totals.Revenue["EUR"]);
        Assert.Equal(7, summary.Totals.UniqueSessions);
    }

    [Fact]
    public async Task Concurrent_consumers_with_overlapping_batches_count_every_event_exactly_once()
    {
        var all = Batch("race", 120, Now);
        await Task.WhenAll(
            Processor().ProcessAsync(all[..80], TestContext.Current.CancellationToken),
            Processor().ProcessAsync(all[40..], TestContext.Current.CancellationToken),
            Processor().ProcessAsync(all, TestContext.Current.CancellationToken));

        var summary = await SummaryAsync();
        Assert.Equal(120, summary.Totals.Counts.ProductViews + summary.Totals.Counts.Purchases);
    }

    [Fact]
    public async Task A_late_event_is_merged_into_its_existing_window_and_rolls_up_into_its_hour()
    {
        var lateAt = Now.AddHours(-2).AddMinutes(-17);
        await Processor().ProcessAsync([Event("early", StorefrontEventTypes.PageView, lateAt)], TestContext.Current.CancellationToken);
        await Processor().ProcessAsync([Event("now", StorefrontEventTypes.PageView, Now), Event("late", StorefrontEventTypes.PageView, lateAt.AddSeconds(5))], TestContext.Current.CancellationToken);

        var minutes = await SummaryAsync();
        var lateMinute = Assert.Single(minutes.Series, b => b.Start == TimeWindows.Floor(lateAt, Granularity.Minute));
        Assert.Equal(2, lateMinute.Figures.Counts.PageViews);

        var hours = await SummaryAsync(Granularity.Hour);
        Assert.Equal(
            [(TimeWindows.Floor(lateAt, Granularity.Hour), 2L), (TimeWindows.Floor(Now, Granularity.Hour), 1L)],
            hours.Series.Where(b => b.Figures.Counts.PageViews > 0).Select(b => (b.Start, b.Figures.Counts.PageViews)));
        Assert.Equal(7, hours.Series.Count); // 06:00 to 12:00: empty hours are present as zeros
        Assert.Equal(362, minutes.Series.Count); // 06:00 to 12:01 (the range is 06:00:30 to 12:01:30)
    }

    [Fact]
    public async Task Malformed_serialized_events_are_dropped_and_the_rest_counted()
    {
        var good = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Event("ser-1", StorefrontEventTypes.PageView, Now), Domain.Events.ClickstreamJson.Default.StorefrontEvent);
        var outcome = await Processor().ProcessSerializedAsync([good, "{not json"u8.ToArray(), "{}"u8.ToArray()], TestContext.Current.CancellationToken);
        Assert.Equal((3, 1, 2), (outcome.Received, outcome.Counted, outcome.Dropped));
    }

    [Fact]
    public async Task A_days_product_demand_is_published_for_pricing_and_publishing_it_again_changes_nothing()
    {
        var cancel = TestContext.Current.CancellationToken;
        var yesterday = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-1);
        var at = new DateTimeOffset(yesterday.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
        await Processor().ProcessAsync(
        [
            Event("v1", StorefrontEventTypes.ProductView, at),
            Event("v2", StorefrontEventTypes.ProductView, at.AddMinutes(3), "s2"),
            Event("p1", StorefrontEventTypes.Purchase, at.AddMinutes(9)),
            Event("c1", StorefrontEventTypes.AddToCart, at.AddMinutes(5)) with { ProductId = "SKU-1" },
            Event("c2", StorefrontEventTypes.AddToCart, at.AddMinutes(6), "s2") with { ProductId = "SKU-1" },
            Event("today", StorefrontEventTypes.ProductView, Now),
        ], cancel);
        var publisher = new ProductDemandPublisher(Summaries, Store);

        Assert.Equal(2, await publisher.PublishAsync(yesterday, cancel));
        Assert.Equal(2, await publisher.PublishAsync(yesterday, cancel));

        var demand = Store.Container<ProductDemandDay>(ProductDemandDay.Container);
        var product = (await demand.ReadAsync(ProductDemandDay.IdOf(yesterday), "sku-1", cancel))!.Value;
        var sku = (await demand.ReadAsync(ProductDemandDay.IdOf(yesterday), "SKU-1", cancel))!.Value;
        Assert.Equal((2L, 0L, 1L), (product.Views, product.AddToCarts, product.Purchases));
        Assert.Equal((0L, 2L, 0L), (sku.Views, sku.AddToCarts, sku.Purchases));
        Assert.Equal(0, await publisher.PublishAsync(yesterday.AddDays(-1), cancel));
    }
}

public sealed class SqliteBatchProcessorTests : BatchProcessorContract, IDisposable
{
    readonly string path = Path.Combine(Path.GetTempPath(), "commerce-analytics-tests", Guid.NewGuid().ToString("N"));
    readonly Documents.Sqlite.SqliteDocumentStore store;

    public SqliteBatchProcessorTests() => store = new Documents.Sqlite.SqliteDocumentStore(path);

    protected override IDocumentStore Store => store;

    public void Dispose()
    {
        store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(path, recursive: true);
    }
}

[Collection(CosmosServerCollection.Name)]
public sealed class CosmosBatchProcessorTests(Commerce.Testing.CosmosServerFixture cosmos) : BatchProcessorContract
{
    readonly IDocumentStore store = cosmos.CreateStore("analytics" + Guid.NewGuid().ToString("N")[..8]);

    protected override IDocumentStore Store => store;
}
