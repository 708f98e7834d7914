using Commerce.Analytics.Domain.Aggregation;

namespace Commerce.Analytics.Domain.Summary;

/// <summary>The dashboard's view of a range: totals, a series per bucket, the funnel, revenue and the top lists.</summary>
public sealed record AnalyticsSummary(
    DateTimeOffset From,
    DateTimeOffset To,
    string Granularity,
    SummaryFigures Totals,
    IReadOnlyList<SummaryBucket> Series,
    IReadOnlyList<FunnelStage> Funnel,
    IReadOnlyList<RankedItem> TopProductsByViews,
    IReadOnlyList<RankedItem> TopProductsByPurchases,
    IReadOnlyList<RankedItem> TopSearches,
    IReadOnlyList<RankedItem> ZeroResultSearches,
    IReadOnlyDictionary<string, MetricCounts> ByDevice,
    IReadOnlyDictionary<string, MetricCounts> ByCountry,
    string UniqueSessionsMethod);

/// <summary>Figures of one range or bucket. Revenue is in minor units per currency; unique sessions is a HyperLogLog estimate.</summary>
public sealed record SummaryFigures(MetricCounts Counts, long UniqueSessions, IReadOnlyDictionary<string, long> Revenue)
{
    public static SummaryFigures Of(WindowAggregate window) => new(window.Totals, HyperLogLog.Estimate(window.Sessions), window.Revenue);
}

public sealed record SummaryBucket(DateTimeOffset Start, SummaryFigures Figures);

public sealed record RankedItem(string Key, long Count);

/// <summary>
/// One step of the conversion funnel: its event count, the share of the previous step's count that reached it and
/// the share of the first step's count, both in percent rounded to two decimals (0 when the earlier step is 0).
/// </summary>
public sealed record FunnelStage(string Stage, long Count, double FromPrevious, double FromFirst)
{
    /// <summary>Page views → product views → add-to-carts → checkouts started → purchases.</summary>
    public static IReadOnlyList<FunnelStage> Of(MetricCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        (string Stage, long Count)[] steps =
        [
            ("page_view", counts.PageViews),
            ("product_view", counts.ProductViews),
            ("add_to_cart", counts.AddToCarts),
            ("checkout_started", counts.CheckoutsStarted),
            ("purchase", counts.Purchases),
        ];
        var stages = new FunnelStage[steps.Length];
        for (var i = 0; i < steps.Length; i++)
        {
            var previous = i == 0 ? steps[0].Count : steps[i - 1].Count;
            stages[i] = new FunnelStage(steps[i].Stage, steps[i].Count, Percent(steps[i].Count, previous), Percent(steps[i].Count, steps[0].Count));
        }

        return stages;
    }

    static double Percent(long part, long whole) => whole == 0 ? 0 : Math.Round(100.0 * part / whole, 2, MidpointRounding.AwayFromZero);
}
