using System.ComponentModel.DataAnnotations;

namespace Commerce.DevHost.Catalog;

/// <summary>The demo catalog the dev host seeds on first start (section <c>Catalog:Demo</c>).</summary>
public sealed class DemoCatalogOptions
{
    public const string Section = "Catalog:Demo";

    /// <summary>How many products to seed; 0 seeds nothing.</summary>
    [Range(0, 1_000_000)]
    public int Products { get; set; } = 10_000;

    /// <summary>Products written per batch (one search-index commit each).</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>Seed of the generator: the same seed and size give the same catalog.</summary>
    public int Seed { get; set; } = 20261125;
}
