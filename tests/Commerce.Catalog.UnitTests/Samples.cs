using Commerce.Catalog.Domain;

namespace Commerce.Catalog.UnitTests;

/// <summary>Products for tests, valid unless a test breaks them.</summary>
internal static class Samples
{
    public static ProductInput Input(string id, string name = "Merino Sweater", string brand = "Northwind", string category = "knitwear", long usd = 5000, string[]? colors = null, string[]? sizes = null, ProductStatus status = ProductStatus.Active) => new()
    {
        Id = id,
        Name = name,
        Brand = brand,
        CategoryId = category,
        Status = status,
        Variants = [.. (colors ?? ["navy"]).SelectMany(color => (sizes ?? ["M"]).Select(size => new VariantInput
        {
            Sku = $"{id}-{color}-{size}".ToUpperInvariant(),
            Options = new Dictionary<string, string> { ["color"] = color, ["size"] = size },
            Prices = new Dictionary<string, long> { ["USD"] = usd, ["EUR"] = usd * 9 / 10 },
        }))],
    };

    public static Product Product(string id, string name = "Merino Sweater", string brand = "Northwind", string[]? path = null, long usd = 5000, string[]? colors = null, string[]? sizes = null, ProductStatus status = ProductStatus.Active, int createdDay = 1)
    {
        path ??= ["clothing", "knitwear"];
        var built = ProductRules.Build(Input(id, name, brand, path[^1], usd, colors, sizes, status), id, path, new DateTimeOffset(2026, 1, createdDay, 0, 0, 0, TimeSpan.Zero), previous: null);
        return built.Value ?? throw new InvalidOperationException(string.Join("; ", built.Errors!.Select(e => e.Key)));
    }
}
