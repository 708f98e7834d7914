using System.Globalization;
using Commerce.Documents;

namespace Commerce.Replenishment.Domain;

/// <summary>
/// What one location (a warehouse) shipped of one SKU, per UTC day (<c>yyyy-MM-dd</c> → units), and the keys of the
/// sources already counted (an order's shipment counted twice is counted once).
/// </summary>
public sealed record DemandRecord
{
    public required string Sku { get; init; }

    public required string Warehouse { get; init; }

    public IReadOnlyDictionary<string, int> Days { get; init; } = new Dictionary<string, int>();

    /// <summary>The most recent source keys recorded (at most <see cref="DemandHistory.MaxSources"/>).</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];
}

/// <summary>
/// The partitions of SKUs the nightly run fans out over: a SKU's partition is a stable hash of its id, so every
/// warehouse of a SKU is in the same partition (transfers between them are planned together), and a partition is one
/// document partition of the demand history (one single-partition query reads it).
/// </summary>
public static class DemandPartitions
{
    public const int Count = 16;

    public static IReadOnlyList<string> All { get; } = [.. Enumerable.Range(0, Count).Select(Name)];

    public static string Of(string sku)
    {
        ArgumentNullException.ThrowIfNull(sku);
        // FNV-1a over the UTF-16 code units: stable across processes (string.GetHashCode is randomized).
        var hash = 2166136261u;
        foreach (var c in sku)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return Name((int)(hash % Count));
    }

    static string Name(int index) => "p" + index.ToString("00", CultureInfo.InvariantCulture);
}

/// <summary>
/// The replenishment app's own demand history (container <see cref="Container"/>, partition = <see cref="DemandPartitions.Of"/>
/// the SKU, id = SKU and warehouse). The feed records into it; the nightly run reads it one partition at a time.
/// </summary>
public sealed class DemandHistory(IDocumentStore store)
{
    public const string Container = "replenishment-demand";
    public const int MaxSources = 256;
    const int PageSize = 500;

    readonly IDocumentContainer<DemandRecord> records = store.Container<DemandRecord>(Container);

    public static string IdOf(string sku, string warehouse) => sku + "|" + warehouse;

    public static string DayKey(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Adds <paramref name="units"/> shipped on <paramref name="day"/>, once per <paramref name="sourceKey"/>; false when that source was already counted.</summary>
    public async Task<bool> RecordAsync(string sku, string warehouse, DateOnly day, int units, string sourceKey, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        var written = await records.UpdateIfAsync(IdOf(sku, warehouse), DemandPartitions.Of(sku), current =>
        {
            current ??= new DemandRecord { Sku = sku, Warehouse = warehouse };
            if (current.Sources.Contains(sourceKey, StringComparer.Ordinal))
            {
                return null;
            }

            var days = new Dictionary<string, int>(current.Days, StringComparer.Ordinal);
            days[DayKey(day)] = days.GetValueOrDefault(DayKey(day)) + units;
            return current with { Days = days, Sources = [.. current.Sources.TakeLast(MaxSources - 1), sourceKey] };
        }, cancellationToken: cancellationToken);
        return written is not null;
    }

    /// <summary>Every series of one partition, day by day from <paramref name="from"/> through <paramref name="through"/> (days without a record are 0).</summary>
    public async Task<IReadOnlyList<DemandSeries>> PartitionAsync(string partition, DateOnly from, DateOnly through, CancellationToken cancellationToken = default)
    {
        var series = new List<DemandSeries>();
        string? continuation = null;
        do
        {
            var page = await records.QueryAsync(partition, new DocumentQuery { PageSize = PageSize, ContinuationToken = continuation }, cancellationToken);
            series.AddRange(page.Items.Select(d => SeriesOf(d.Value, from, through)));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return series;
    }

    /// <summary>The series of one SKU, one per warehouse that shipped it, in warehouse order.</summary>
    public async Task<IReadOnlyList<DemandSeries>> SkuAsync(string sku, DateOnly from, DateOnly through, CancellationToken cancellationToken = default)
    {
        var page = await records.QueryAsync(DemandPartitions.Of(sku), new DocumentQuery { Filters = new Dictionary<string, object?> { ["sku"] = sku }, PageSize = PageSize }, cancellationToken);
        return [.. page.Items.Select(d => SeriesOf(d.Value, from, through)).OrderBy(s => s.Warehouse, StringComparer.Ordinal)];
    }

    public static DemandSeries SeriesOf(DemandRecord record, DateOnly from, DateOnly through)
    {
        ArgumentNullException.ThrowIfNull(record);
        var quantities = new float[Math.Max(0, through.DayNumber - from.DayNumber + 1)];
        foreach (var (key, units) in record.Days)
        {
            var day = DateOnly.ParseExact(key, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber - from.DayNumber;
            if (day >= 0 && day < quantities.Length)
            {
                quantities[day] += units;
            }
        }

        return DemandSeries.WithoutPromotions(record.Sku, record.Warehouse, from, quantities);
    }
}
