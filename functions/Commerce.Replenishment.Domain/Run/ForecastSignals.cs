using Commerce.Contracts;
using Commerce.Documents;

namespace Commerce.Replenishment.Domain;

/// <summary>
/// What the other contexts know about a SKU's demand, laid over its shipped-units series: the days a promotion of the
/// cart's calendar (<see cref="PromotionWindow"/>) runs for it, through the planned days after the origin, and its
/// storefront interest per day from analytics' published <see cref="ProductDemandDay"/>.
/// </summary>
public static class ForecastSignals
{
    /// <summary>
    /// <paramref name="series"/> with its promotion flags (observed days and <paramref name="plannedDays"/> after) from
    /// <paramref name="calendar"/>, and its clickstream from <paramref name="demand"/>: the product's days and the SKU's
    /// own (product views name the product, add-to-carts the SKU), added per day. No demand day at all: no clickstream.
    /// </summary>
    public static DemandSeries Apply(DemandSeries series, IReadOnlyList<PromotionWindow> calendar, IReadOnlyList<ProductDemandDay> demand, int plannedDays)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(demand);
        var days = series.Quantities.Length;
        var promotions = new bool[days + plannedDays];
        foreach (var window in calendar.Where(w => w.Targets(series.Sku)))
        {
            for (var d = 0; d < promotions.Length; d++)
            {
                promotions[d] |= window.RunsOn(series.DateOf(d));
            }
        }

        if (demand.Count == 0)
        {
            return series with { Promotions = promotions, Clickstream = null };
        }

        var clickstream = new SkuClickstream(new float[days], new float[days]);
        foreach (var day in demand)
        {
            var d = day.Day.DayNumber - series.Start.DayNumber;
            if (d >= 0 && d < days)
            {
                clickstream.Views[d] += day.Views;
                clickstream.AddToCarts[d] += day.AddToCarts;
            }
        }

        return series with { Promotions = promotions, Clickstream = clickstream };
    }

    /// <summary>
    /// The windows of <paramref name="calendar"/> that may target each SKU (those on every SKU, then those listing it),
    /// indexed once: a run over many series then never scans every window's SKU list for every series.
    /// </summary>
    public static Func<string, IReadOnlyList<PromotionWindow>> BySku(IReadOnlyList<PromotionWindow> calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        PromotionWindow[] everywhere = [.. calendar.Where(w => w.Skus.Count == 0)];
        var listed = calendar.Where(w => w.Skus.Count > 0)
            .SelectMany(w => w.Skus.Distinct(StringComparer.Ordinal).Select(sku => (Sku: sku, Window: w)))
            .ToLookup(x => x.Sku, x => x.Window, StringComparer.Ordinal);
        return sku => listed.Contains(sku) ? [.. everywhere, .. listed[sku]] : everywhere;
    }
}

/// <summary>
/// Reads the signals <see cref="ForecastSignals"/> lays over a run's series: the cart's promotion calendar (one
/// partition, read once per call) and, per SKU, its product's and its own <see cref="ProductDemandDay"/> partitions
/// (the product from the catalog's <see cref="SkuSnapshot"/>).
/// </summary>
public sealed class ForecastSignalReader(IDocumentStore store)
{
    const int PageSize = 500;

    readonly IDocumentContainer<PromotionWindow> calendar = store.Container<PromotionWindow>(PromotionWindow.Container);
    readonly IDocumentContainer<ProductDemandDay> demand = store.Container<ProductDemandDay>(ProductDemandDay.Container);
    readonly IDocumentContainer<SkuSnapshot> snapshots = store.Container<SkuSnapshot>(SkuSnapshot.Container);

    /// <summary>Every series with its promotion flags and clickstream (see <see cref="ForecastSignals.Apply"/>).</summary>
    public async Task<IReadOnlyList<DemandSeries>> ApplyAsync(IReadOnlyList<DemandSeries> series, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        var windows = ForecastSignals.BySku(await AllAsync(calendar, PromotionWindow.Partition, cancellationToken));
        var days = new System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<ProductDemandDay>>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(series.Select(s => s.Sku).Distinct(StringComparer.Ordinal), cancellationToken, async (sku, ct) =>
        {
            var product = (await snapshots.ReadAsync(sku, sku, ct))?.Value.ProductId;
            var own = await AllAsync(demand, sku, ct);
            days[sku] = product is null || product == sku ? own : [.. await AllAsync(demand, product, ct), .. own];
        });
        return [.. series.Select(s => ForecastSignals.Apply(s, windows(s.Sku), days[s.Sku], DemandFeatures.MaxHorizon))];
    }

    static async Task<IReadOnlyList<T>> AllAsync<T>(IDocumentContainer<T> container, string partition, CancellationToken cancellationToken)
        where T : class
    {
        var items = new List<T>();
        string? continuation = null;
        do
        {
            var page = await container.QueryAsync(partition, new DocumentQuery { PageSize = PageSize, ContinuationToken = continuation }, cancellationToken);
            items.AddRange(page.Items.Select(d => d.Value));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return items;
    }
}
