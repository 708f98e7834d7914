namespace Commerce.Catalog.Domain;

public enum ProductStatus
{
    Draft,
    Active,
    Archived,
}

/// <summary>
/// What an admin sends to create or replace a product (and what a JSON-lines feed line holds). The catalog derives
/// the stored <see cref="Product"/> from it: ids, slug and timestamps are filled in, values normalized.
/// </summary>
public sealed record ProductInput
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? Slug { get; init; }

    public string? Description { get; init; }

    public string? Brand { get; init; }

    public string? CategoryId { get; init; }

    public ProductStatus? Status { get; init; }

    public IReadOnlyDictionary<string, string>? Attributes { get; init; }

    public IReadOnlyList<VariantInput>? Variants { get; init; }

    public IReadOnlyList<ProductImage>? Images { get; init; }
}

public sealed record VariantInput
{
    public string? Sku { get; init; }

    /// <summary>Option values such as <c>size</c> = <c>M</c>, <c>color</c> = <c>navy</c>.</summary>
    public IReadOnlyDictionary<string, string>? Options { get; init; }

    /// <summary>Unit price per ISO 4217 currency in minor units.</summary>
    public IReadOnlyDictionary<string, long>? Prices { get; init; }

    public int? WeightGrams { get; init; }

    public string? TaxClass { get; init; }
}

/// <summary>A stored product: container <see cref="CatalogContainers.Products"/>, id and partition key = <see cref="Id"/>.</summary>
public sealed record Product
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Slug { get; init; }

    public string Description { get; init; } = string.Empty;

    public required string Brand { get; init; }

    public required string CategoryId { get; init; }

    /// <summary>The category and its ancestors, root first (denormalized for listing and search facets).</summary>
    public IReadOnlyList<string> CategoryPath { get; init; } = [];

    public ProductStatus Status { get; init; }

    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    public required IReadOnlyList<ProductVariant> Variants { get; init; }

    public IReadOnlyList<ProductImage> Images { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The lowest variant price per currency ("from" price for listings, search sort and price filters).</summary>
    public IReadOnlyDictionary<string, long> PriceFrom() => Variants
        .SelectMany(v => v.Prices)
        .GroupBy(p => p.Key, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Min(p => p.Value), StringComparer.Ordinal);

    /// <summary>Distinct values of one variant option (e.g. every colour the product comes in).</summary>
    public IReadOnlyList<string> OptionValues(string option) => Variants
        .Select(v => v.Options.TryGetValue(option, out var value) ? value : null)
        .OfType<string>()
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .ToArray();
}

public sealed record ProductVariant
{
    public required string Sku { get; init; }

    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    public required IReadOnlyDictionary<string, long> Prices { get; init; }

    public int WeightGrams { get; init; }

    public string TaxClass { get; init; } = "standard";
}

/// <summary>An image of a product: where it is served from and its sniffed media type.</summary>
public sealed record ProductImage(string Url, string ContentType, string? Alt = null);

/// <summary>A category node: container <see cref="CatalogContainers.Categories"/>, partition <see cref="CatalogContainers.CategoryPartition"/>.</summary>
public sealed record Category
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string? ParentId { get; init; }

    public int SortOrder { get; init; }
}

/// <summary>The category tree as the storefront reads it.</summary>
[System.ComponentModel.ImmutableObject(true)]
public sealed record CategoryNode(string Id, string Name, IReadOnlyList<CategoryNode> Children);

/// <summary>A listing entry (container <see cref="CatalogContainers.Listings"/>, partition = a category id or <c>all</c>).</summary>
public sealed record ProductSummary
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Slug { get; init; }

    public required string Brand { get; init; }

    public required string CategoryId { get; init; }

    public IReadOnlyDictionary<string, long> PriceFrom { get; init; } = new Dictionary<string, long>();

    public string? ImageUrl { get; init; }

    public static ProductSummary Of(Product product) => new()
    {
        Id = product.Id,
        Name = product.Name,
        Slug = product.Slug,
        Brand = product.Brand,
        CategoryId = product.CategoryId,
        PriceFrom = product.PriceFrom(),
        ImageUrl = product.Images.Count > 0 ? product.Images[0].Url : null,
    };
}

/// <summary>Slug lookup document (container <see cref="CatalogContainers.Slugs"/>, id and partition key = the slug).</summary>
public sealed record SlugLookup(string Slug, string ProductId);

/// <summary>The document containers the catalog owns (plus <see cref="Commerce.Contracts.SkuSnapshot.Container"/>, which it writes).</summary>
public static class CatalogContainers
{
    public const string Products = "products";
    public const string Slugs = "product-slugs";
    public const string Listings = "product-listings";
    public const string Categories = "categories";
    public const string CategoryPartition = "tree";
    public const string AllProductsPartition = "all";
}
