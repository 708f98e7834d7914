using System.Globalization;
using System.Text.Json.Serialization;
using Commerce.Contracts;
using Commerce.Primitives;

namespace Commerce.Catalog.Domain;

/// <summary>
/// The product search port: Azure AI Search in Azure, Lucene.NET embedded. Only active products are searchable;
/// <see cref="IndexAsync"/> removes any other from the index.
/// </summary>
public interface IProductSearch
{
    Task IndexAsync(IReadOnlyList<Product> products, CancellationToken cancellationToken = default);

    Task<ProductSearchResults> SearchAsync(ProductSearchQuery query, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="size"/> product names with a word starting with the last word of <paramref name="prefix"/>.</summary>
    Task<IReadOnlyList<string>> SuggestAsync(string prefix, int size, CancellationToken cancellationToken = default);
}

public enum SearchSort
{
    Relevance,
    PriceAsc,
    PriceDesc,
    Newest,
}

/// <summary>A parsed search request. Prices are in minor units of <see cref="Currency"/>.</summary>
public sealed record ProductSearchQuery
{
    public string? Text { get; init; }
    public string? Category { get; init; }
    public string? Brand { get; init; }
    public string? Color { get; init; }
    public string? Size { get; init; }
    public long? MinPrice { get; init; }
    public long? MaxPrice { get; init; }
    public string Currency { get; init; } = "USD";
    public SearchSort Sort { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;

    /// <summary>
    /// The prices the asking shopper is shown, when price experiments change some for them (null: the indexed prices);
    /// the embedded Lucene adapter filters, sorts and counts on them. Not part of the query's JSON: a cache keys on <see cref="SearchPriceView.Key"/>.
    /// </summary>
    [JsonIgnore]
    public SearchPriceView? Shopper { get; init; }
}

/// <summary>A page of hits with facet counts; never changed once built (cached answers are shared).</summary>
[System.ComponentModel.ImmutableObject(true)]
public sealed record ProductSearchResults(IReadOnlyList<ProductSearchHit> Items, int Total, IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets);

public sealed record ProductSearchHit(string Id, string Name, string Slug, string Brand, string CategoryId, long? Price, string Currency, string? ImageUrl);

public sealed record FacetCount(string Value, int Count);

/// <summary>Facet names, shared by every adapter.</summary>
public static class Facets
{
    public const string Brand = "brand";
    public const string Category = "category";
    public const string Color = "color";
    public const string Size = "size";
    public const string Price = "price";
}

/// <summary>Price bands for the price facet, in minor units: [Min, Max) with a null Max for the last band.</summary>
public static class PriceBands
{
    static readonly long[] MajorEdges = [25, 50, 100, 200];

    public static IReadOnlyList<(string Label, long Min, long? Max)> For(string currency)
    {
        var scale = (long)Math.Pow(10, Currencies.MinorUnits(currency));
        var bands = new List<(string, long, long?)>();
        long previous = 0;
        foreach (var edge in MajorEdges)
        {
            bands.Add((string.Create(CultureInfo.InvariantCulture, $"{previous}-{edge}"), previous * scale, edge * scale));
            previous = edge;
        }

        bands.Add((string.Create(CultureInfo.InvariantCulture, $"{previous}+"), previous * scale, null));
        return bands;
    }
}

/// <summary>Turns query-string parameters into a <see cref="ProductSearchQuery"/>, or validation errors.</summary>
public static class SearchQueryParser
{
    public const int MaxPageSize = 100;
    public const int MaxPage = 500;
    public const int MaxTextLength = 200;

    /// <summary>Parses parameters given at most once each (<paramref name="parameter"/>: the value, or null when absent).</summary>
    public static Validated<ProductSearchQuery> Parse(Func<string, string?> parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return Parse(name => parameter(name) is { } value ? [value] : []);
    }

    /// <summary>Parses the query string: <paramref name="values"/> gives every value of a parameter (none when absent).</summary>
    public static Validated<ProductSearchQuery> Parse(Func<string, IReadOnlyList<string?>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var parameter = (string name) => values(name) is { Count: > 0 } given ? given[0] : null;
        var errors = new Errors();
        var text = parameter("q")?.Trim();
        if (text is { Length: > MaxTextLength })
        {
            errors.Add("q", $"At most {MaxTextLength} characters.");
        }

        var currency = parameter("currency")?.Trim().ToUpperInvariant() ?? "USD";
        if (!Currencies.IsSupported(currency))
        {
            errors.Add("currency", "A supported ISO 4217 code.");
        }

        var sort = parameter("sort") switch
        {
            null or "" or "relevance" => SearchSort.Relevance,
            "price_asc" => SearchSort.PriceAsc,
            "price_desc" => SearchSort.PriceDesc,
            "newest" => SearchSort.Newest,
            _ => (SearchSort?)null,
        };
        if (sort is null)
        {
            errors.Add("sort", "One of relevance, price_asc, price_desc, newest.");
        }

        var minPrice = Number(values, "minPrice", 0, ProductRules.MaxPriceMinor, errors);
        var maxPrice = Number(values, "maxPrice", 0, ProductRules.MaxPriceMinor, errors);
        var page = Number(values, "page", 1, MaxPage, errors) ?? 1;
        var pageSize = Number(values, "pageSize", 1, MaxPageSize, errors) ?? 20;
        var filters = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in new[] { "category", "brand", "color", "size" })
        {
            var value = parameter(name)?.Trim();
            if (value is { Length: > 100 })
            {
                errors.Add(name, "At most 100 characters.");
            }

            filters[name] = string.IsNullOrEmpty(value) ? null : value;
        }

        return errors.Any
            ? Validated<ProductSearchQuery>.Invalid(errors.ToDictionary())
            : Validated<ProductSearchQuery>.Valid(new ProductSearchQuery
            {
                Text = string.IsNullOrEmpty(text) ? null : text,
                Category = filters["category"],
                Brand = filters["brand"],
                Color = filters["color"],
                Size = filters["size"],
                MinPrice = minPrice,
                MaxPrice = maxPrice,
                Currency = currency,
                Sort = sort!.Value,
                Page = (int)page,
                PageSize = (int)pageSize,
            });
    }

    /// <summary>The rule a well-formed query breaks (a problem type and what is wrong), if any: a price range whose minimum is above its maximum.</summary>
    public static (string Type, string Detail)? BrokenRule(ProductSearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.MinPrice > query.MaxPrice ? ("price-range", "minPrice is at most maxPrice.") : null;
    }

    /// <summary>An optional integer parameter within [min, max] (<see cref="QueryNumber"/>); an error when present and not exactly one such integer.</summary>
    public static long? Number(Func<string, IReadOnlyList<string?>> values, string name, long min, long max, Errors errors)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(errors);
        if (QueryNumber.TryRead(values(name), min, max, out var value))
        {
            return value;
        }

        errors.Add(name, QueryNumber.Rule(min, max));
        return null;
    }
}
