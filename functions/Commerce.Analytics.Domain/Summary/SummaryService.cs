using Commerce.Analytics.Domain.Aggregation;
using Commerce.Contracts;
using Commerce.Documents;

namespace Commerce.Analytics.Domain.Summary;

/// <summary>Reads the minute windows of a range (one single-partition query per hour) and rolls them up into a summary.</summary>
public sealed class SummaryService(IDocumentStore store)
{
    public const int TopCount = 10;

    readonly IDocumentContainer<WindowAggregate> container = store.Container<WindowAggregate>(ClickstreamBatchProcessor.ContainerName);

    public async Task<AnalyticsSummary> GetAsync(SummaryQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var total = new WindowAggregate();
        // Every bucket of the range is present (empty ones as zeros), so charts have a continuous time axis.
        var buckets = new SortedDictionary<DateTimeOffset, WindowAggregate>();
        for (var start = TimeWindows.Floor(query.From, query.Granularity); start < query.To; start += TimeWindows.Size(query.Granularity))
        {
            buckets[start] = new WindowAggregate { WindowStart = start };
        }

        await foreach (var window in WindowsAsync(query.From, query.To, cancellationToken))
        {
            total.Merge(window);
            buckets[TimeWindows.Floor(window.WindowStart, query.Granularity)].Merge(window);
        }

        return new AnalyticsSummary(
            query.From,
            query.To,
            query.Granularity.ToString().ToLowerInvariant(),
            SummaryFigures.Of(total),
            [.. buckets.Select(b => new SummaryBucket(b.Key, SummaryFigures.Of(b.Value)))],
            FunnelStage.Of(total.Totals),
            Top(total.ProductViews),
            Top(total.ProductPurchases),
            Top(total.Searches),
            Top(total.ZeroResultSearches),
            total.ByDevice,
            total.ByCountry,
            $"HyperLogLog (2^{HyperLogLog.Precision} registers, standard error {HyperLogLog.StandardError:P1}; linear counting below ~5,000)");
    }

    /// <summary>
    /// The most viewed and bought products of a range, most trending first: views count once, purchases
    /// <paramref name="purchaseWeight"/> times (the recommendations' cold-start fallback).
    /// </summary>
    public async Task<IReadOnlyList<string>> TrendingProductsAsync(DateTimeOffset from, DateTimeOffset to, int count, long purchaseWeight, CancellationToken cancellationToken = default)
    {
        var scores = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var window in WindowsAsync(from, to, cancellationToken))
        {
            foreach (var (product, views) in window.ProductViews)
            {
                scores[product] = scores.GetValueOrDefault(product) + views;
            }

            foreach (var (product, purchases) in window.ProductPurchases)
            {
                scores[product] = scores.GetValueOrDefault(product) + (purchases * purchaseWeight);
            }
        }

        return [.. scores.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(count).Select(c => c.Key)];
    }

    /// <summary>Each product's views, add-to-carts and purchases on one UTC day (products with none of them left out).</summary>
    public async Task<IReadOnlyList<ProductDemandDay>> ProductDemandAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        var from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var total = new WindowAggregate();
        await foreach (var window in WindowsAsync(from, from.AddDays(1), cancellationToken))
        {
            total.Merge(window);
        }

        return [.. total.ProductViews.Keys.Union(total.ProductAddToCarts.Keys).Union(total.ProductPurchases.Keys).Order(StringComparer.Ordinal).Select(product => new ProductDemandDay
        {
            ProductId = product,
            Day = day,
            Views = total.ProductViews.GetValueOrDefault(product),
            AddToCarts = total.ProductAddToCarts.GetValueOrDefault(product),
            Purchases = total.ProductPurchases.GetValueOrDefault(product),
        })];
    }

    /// <summary>The minute windows (shards) of a range: one single-partition query per hour.</summary>
    async IAsyncEnumerable<WindowAggregate> WindowsAsync(DateTimeOffset from, DateTimeOffset to, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var hour = TimeWindows.Floor(from, Granularity.Hour); hour < to; hour = hour.AddHours(1))
        {
            string? continuation = null;
            do
            {
                var page = await container.QueryAsync(TimeWindows.PartitionKey(hour), new DocumentQuery { PageSize = 200, ContinuationToken = continuation }, cancellationToken);
                foreach (var window in page.Items.Select(item => item.Value).Where(w => w.WindowStart >= from && w.WindowStart < to))
                {
                    yield return window;
                }

                continuation = page.ContinuationToken;
            }
            while (continuation is not null);
        }
    }

    static RankedItem[] Top(Dictionary<string, long> counts) =>
        [.. counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(TopCount).Select(c => new RankedItem(c.Key, c.Value))];
}
