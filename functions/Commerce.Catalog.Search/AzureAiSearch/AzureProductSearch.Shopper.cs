using Azure.Search.Documents;
using Azure.Search.Documents.Models;
using Commerce.Catalog.Domain;

namespace Commerce.Catalog.Search.AzureAiSearch;

/// <summary>
/// Search as a price experiment's shopper (<see cref="ProductSearchQuery.Shopper"/>): the index holds the usual prices
/// only, so the products the shopper's arms may reprice (their targeted products, and every product under their
/// categories) are searched apart, at most <see cref="MaxShopperCandidates"/> of them, priced by the view in the app,
/// and filtered, counted and ordered there; everything else is searched as usual with those products excluded, and the
/// two are merged into the page, the total and the facets. With more candidates than that the search answers at the
/// indexed prices, as it did before.
/// </summary>
public sealed partial class AzureProductSearch
{
    /// <summary>Most products a shopper's repricing arms may cover (matching the text) that one search prices in the app.</summary>
    public const int MaxShopperCandidates = 1_000;

    /// <summary>A hit before paging: the document, its score and the price it is filtered, sorted and shown at.</summary>
    sealed record Ranked(SearchDocument Document, double Score, long? Price);

    /// <summary>The filter matching every product <paramref name="view"/> may reprice; null when it covers none.</summary>
    internal static string? Covered(SearchPriceView view)
    {
        var clauses = new List<string>();
        if (view.ProductIds.Count > 0)
        {
            clauses.Add(SearchFilter.Create($"search.in(id, {string.Join(',', view.ProductIds.Order(StringComparer.Ordinal))}, ',')"));
        }

        var categories = view.Categories.Order(StringComparer.Ordinal).ToArray();
        if (categories.Length > 0)
        {
            // The path holds the ancestors: a subcategory's products are candidates too, and keep their indexed prices.
            clauses.Add("category" + SearchFilter.Create($"/any(v: search.in(v, {string.Join(',', categories)}, ','))"));
        }

        return clauses.Count == 0 ? null : "(" + string.Join(" or ", clauses) + ")";
    }

    /// <summary>The covered products matching the text, at the shopper's prices; null when there are more than <see cref="MaxShopperCandidates"/>.</summary>
    async Task<IReadOnlyList<Ranked>?> CandidatesAsync(string text, string covered, ProductSearchQuery query, SearchPriceView view, CancellationToken cancellationToken)
    {
        var options = Options(query, covered);
        options.Size = MaxShopperCandidates;
        options.IncludeTotalCount = true;
        var response = await _client.SearchAsync<SearchDocument>(text, options, cancellationToken);
        if (response.Value.TotalCount > MaxShopperCandidates)
        {
            return null;
        }

        var found = new List<Ranked>();
        await foreach (var result in response.Value.GetResultsAsync().WithCancellation(cancellationToken))
        {
            found.Add(new Ranked(result.Document, result.Score ?? 0, IndexedPrice(result.Document, query.Currency)));
        }

        var targeted = found.Select(r => r.Document.GetString("id")).Where(view.ProductIds.Contains).ToArray();
        var resolved = targeted.Length == 0 ? new Dictionary<string, long?>() : await view.PricesAsync(targeted, query.Currency, cancellationToken);
        var categories = view.Categories.ToHashSet(StringComparer.Ordinal);
        return [.. found.Select(r => resolved.TryGetValue(r.Document.GetString("id"), out var price) ? r with { Price = price }
            : r is { Price: { } indexed } && r.Document.GetString("categoryId") is { } category && categories.Contains(category) ? r with { Price = view.CategoryPrice(category, indexed) }
            : r)];
    }

    /// <summary>The page, total and facets of everything outside <paramref name="covered"/> merged with the candidates that pass the query's filters.</summary>
    async Task<ProductSearchResults> ShopperSearchAsync(string text, ProductSearchQuery query, string covered, IReadOnlyList<Ranked> candidates, CancellationToken cancellationToken)
    {
        var order = RankOrder(query.Sort);
        var passing = candidates.Where(c => Passes(c, query, except: null)).Order(order).ToArray();

        // The page's merged positions [start, start + size) hold k candidates and start - k + ... indexed hits, 0 <= k <= passing:
        // the indexed hits from start - passing on, merged with every passing candidate, cover it.
        var start = (query.Page - 1) * query.PageSize;
        var skip = Math.Max(0, start - passing.Length);
        var (window, total, facets) = await IndexedAsync(text, query, "not " + covered, skip, query.PageSize + (start - skip), cancellationToken);
        var items = Merge(window, passing, order).Skip(start - skip).Take(query.PageSize).Select(r => Hit(r, query.Currency)).ToArray();

        foreach (var facet in new[] { Facets.Brand, Facets.Category, Facets.Color, Facets.Size })
        {
            var counts = facets[facet].ToDictionary(f => f.Value, f => f.Count, StringComparer.Ordinal);
            foreach (var value in candidates.Where(c => Passes(c, query, except: facet)).SelectMany(c => Values(c.Document, facet)))
            {
                counts[value] = counts.GetValueOrDefault(value) + 1;
            }

            facets[facet] = [.. counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(100).Select(c => new FacetCount(c.Key, c.Value))];
        }

        var bands = PriceBands.For(query.Currency);
        var banded = facets[Facets.Price].Select(f => f.Count).ToArray();
        foreach (var price in candidates.Where(c => Passes(c, query, except: Facets.Price)).Select(c => c.Price).OfType<long>())
        {
            banded[bands.Count(b => b.Min <= price) - 1]++;
        }

        facets[Facets.Price] = [.. bands.Select((band, i) => new FacetCount(band.Label, banded[i]))];
        return new ProductSearchResults(items, total + passing.Length, facets);
    }

    /// <summary>Whether a candidate passes the query's filters but <paramref name="except"/>'s, as the index's filter would.</summary>
    static bool Passes(Ranked candidate, ProductSearchQuery query, string? except)
        => (query.Brand is null || except == Facets.Brand || candidate.Document.GetString("brand") == query.Brand)
            && (query.Category is null || except == Facets.Category || Values(candidate.Document, Facets.Category).Contains(query.Category))
            && (query.Color is null || except == Facets.Color || Values(candidate.Document, Facets.Color).Contains(query.Color.ToLowerInvariant()))
            && (query.Size is null || except == Facets.Size || Values(candidate.Document, Facets.Size).Contains(query.Size))
            && ((query.MinPrice is null && query.MaxPrice is null) || except == Facets.Price
                || (candidate.Price is { } price && price >= (query.MinPrice ?? 0) && price <= (query.MaxPrice ?? long.MaxValue)));

    static IEnumerable<string> Values(SearchDocument document, string facet) => facet == Facets.Brand
        ? [document.GetString("brand")]
        : document.TryGetValue(facet, out var values) && values is IEnumerable<object> list ? list.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty) : [];

    /// <summary>The index's order for <paramref name="sort"/> (a price sort puts products without a price last either way), then the id.</summary>
    static Comparer<Ranked> RankOrder(SearchSort sort) => Comparer<Ranked>.Create((a, b) =>
    {
        var byKey = sort switch
        {
            SearchSort.PriceAsc or SearchSort.PriceDesc when a.Price is null || b.Price is null => (a.Price is null).CompareTo(b.Price is null),
            SearchSort.PriceAsc => a.Price!.Value.CompareTo(b.Price!.Value),
            SearchSort.PriceDesc => b.Price!.Value.CompareTo(a.Price!.Value),
            SearchSort.Newest => Nullable.Compare(b.Document.GetDateTimeOffset("createdAt"), a.Document.GetDateTimeOffset("createdAt")),
            _ => b.Score.CompareTo(a.Score),
        };
        return byKey != 0 ? byKey : string.CompareOrdinal(a.Document.GetString("id"), b.Document.GetString("id"));
    });

    /// <summary>The indexed hits in the index's order with the ordered candidates merged in (a tie keeps the indexed hit first).</summary>
    static IEnumerable<Ranked> Merge(IReadOnlyList<Ranked> indexed, IReadOnlyList<Ranked> candidates, Comparer<Ranked> order)
    {
        var (i, c) = (0, 0);
        while (i < indexed.Count || c < candidates.Count)
        {
            yield return c == candidates.Count || (i < indexed.Count && order.Compare(candidates[c], indexed[i]) >= 0) ? indexed[i++] : candidates[c++];
        }
    }
}
