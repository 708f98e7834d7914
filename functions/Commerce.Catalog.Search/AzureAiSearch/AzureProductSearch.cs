using System.Globalization;
using Azure;
using Azure.Search.Documents;
using Azure.Search.Documents.Indexes;
using Azure.Search.Documents.Indexes.Models;
using Azure.Search.Documents.Models;
using Commerce.Catalog.Domain;
using Commerce.Contracts;

namespace Commerce.Catalog.Search.AzureAiSearch;

/// <summary>
/// The Azure AI Search adapter: one index (created on first use when missing) with searchable text, filterable and
/// facetable brand/category/colour/size, a price field per currency, and a suggester on the name. Words match
/// exactly or one edit away (Lucene syntax <c>word~1</c>). Facets of an actively filtered field are counted by an
/// extra query without that field's filter, so every facet reflects the other filters only. A price experiment's
/// shopper searches on the prices they are shown (see AzureProductSearch.Shopper.cs).
/// </summary>
public sealed partial class AzureProductSearch(SearchIndexClient indexes, string indexName) : IProductSearch
{
    public const string Suggester = "names";
    readonly SearchClient _client = indexes.GetSearchClient(indexName);
    readonly SemaphoreSlim _ensure = new(1, 1);
    volatile bool _ensured;

    public static SearchIndex Definition(string name)
    {
        var index = new SearchIndex(name)
        {
            Fields =
            {
                new SimpleField("id", SearchFieldDataType.String) { IsKey = true, IsFilterable = true },
                new SearchableField("name") { IsSortable = true },
                new SearchableField("text"),
                new SimpleField("slug", SearchFieldDataType.String),
                new SimpleField("categoryId", SearchFieldDataType.String),
                new SimpleField("imageUrl", SearchFieldDataType.String),
                new SimpleField("brand", SearchFieldDataType.String) { IsFilterable = true, IsFacetable = true },
                new SimpleField("category", SearchFieldDataType.Collection(SearchFieldDataType.String)) { IsFilterable = true, IsFacetable = true },
                new SimpleField("color", SearchFieldDataType.Collection(SearchFieldDataType.String)) { IsFilterable = true, IsFacetable = true },
                new SimpleField("size", SearchFieldDataType.Collection(SearchFieldDataType.String)) { IsFilterable = true, IsFacetable = true },
                new SimpleField("createdAt", SearchFieldDataType.DateTimeOffset) { IsSortable = true, IsFilterable = true },
            },
            Suggesters = { new SearchSuggester(Suggester, "name") },
        };
        foreach (var currency in Currencies.Supported)
        {
            index.Fields.Add(new SimpleField(PriceField(currency), SearchFieldDataType.Int64) { IsFilterable = true, IsSortable = true, IsFacetable = true });
        }

        return index;
    }

    public async Task IndexAsync(IReadOnlyList<Product> products, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(products);
        if (products.Count == 0)
        {
            return;
        }

        await EnsureIndexAsync(cancellationToken);
        var batch = new IndexDocumentsBatch<SearchDocument>();
        foreach (var product in products)
        {
            batch.Actions.Add(product.Status == ProductStatus.Active
                ? IndexDocumentsAction.MergeOrUpload(ToDocument(product))
                : IndexDocumentsAction.Delete(new SearchDocument { ["id"] = product.Id }));
        }

        await _client.IndexDocumentsAsync(batch, new IndexDocumentsOptions { ThrowOnAnyError = true }, cancellationToken);
    }

    public async Task<ProductSearchResults> SearchAsync(ProductSearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureIndexAsync(cancellationToken);
        var text = SearchText(query.Text);
        if (query.Shopper is { } view && Covered(view) is { } covered && await CandidatesAsync(text, covered, query, view, cancellationToken) is { } candidates)
        {
            return await ShopperSearchAsync(text, query, covered, candidates, cancellationToken);
        }

        var skip = (query.Page - 1) * query.PageSize;
        var (hits, total, facets) = await IndexedAsync(text, query, excluded: null, skip, query.PageSize, cancellationToken);
        return new ProductSearchResults([.. hits.Select(h => Hit(h, query.Currency))], total, facets);
    }

    /// <summary>
    /// A page of hits in the query's order, the total and the facets, at the indexed prices, leaving out the documents
    /// <paramref name="excluded"/> (a filter) matches. A facet whose filter is active is counted by an extra query without it.
    /// </summary>
    async Task<(List<Ranked> Hits, int Total, Dictionary<string, IReadOnlyList<FacetCount>> Facets)> IndexedAsync(string text, ProductSearchQuery query, string? excluded, int skip, int size, CancellationToken cancellationToken)
    {
        var options = Options(query, Both(Filter(query, except: null), excluded), Facets.Brand, Facets.Category, Facets.Color, Facets.Size, Facets.Price);
        options.Size = size;
        options.Skip = skip;
        options.IncludeTotalCount = true;
        options.OrderBy.Add(query.Sort switch
        {
            SearchSort.PriceAsc => PriceField(query.Currency) + " asc",
            SearchSort.PriceDesc => PriceField(query.Currency) + " desc",
            SearchSort.Newest => "createdAt desc",
            _ => "search.score() desc",
        });
        var main = await _client.SearchAsync<SearchDocument>(text, options, cancellationToken);
        var hits = new List<Ranked>();
        await foreach (var result in main.Value.GetResultsAsync().WithCancellation(cancellationToken))
        {
            hits.Add(new Ranked(result.Document, result.Score ?? 0, IndexedPrice(result.Document, query.Currency)));
        }

        var facets = FacetCounts(main.Value.Facets, query.Currency);
        foreach (var (facet, active) in ActiveFilters(query).Where(f => f.Active))
        {
            var own = Options(query, Both(Filter(query, except: facet), excluded), facet);
            own.Size = 0;
            var response = await _client.SearchAsync<SearchDocument>(text, own, cancellationToken);
            facets[facet] = FacetCounts(response.Value.Facets, query.Currency)[facet];
        }

        return (hits, (int)(main.Value.TotalCount ?? hits.Count), facets);
    }

    static string? Both(string? filter, string? other) => filter is null ? other : other is null ? filter : filter + " and " + other;

    public async Task<IReadOnlyList<string>> SuggestAsync(string prefix, int size, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(prefix))
        {
            return [];
        }

        await EnsureIndexAsync(cancellationToken);
        var response = await _client.SuggestAsync<SearchDocument>(prefix.Trim(), Suggester, new SuggestOptions { Size = size * 2, Select = { "name" } }, cancellationToken);
        return response.Value.Results.Select(r => r.Document["name"]?.ToString()).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Take(size).ToArray();
    }

    async Task EnsureIndexAsync(CancellationToken cancellationToken)
    {
        if (_ensured)
        {
            return;
        }

        await _ensure.WaitAsync(cancellationToken);
        try
        {
            if (!_ensured)
            {
                try
                {
                    await indexes.GetIndexAsync(indexName, cancellationToken);
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    await indexes.CreateIndexAsync(Definition(indexName), cancellationToken);
                }

                _ensured = true;
            }
        }
        finally
        {
            _ensure.Release();
        }
    }

    static SearchOptions Options(ProductSearchQuery query, string? filter, params string[] facets)
    {
        var options = new SearchOptions { Filter = filter, QueryType = SearchQueryType.Full, SearchMode = SearchMode.All };
        options.SearchFields.Add("name");
        options.SearchFields.Add("text");
        foreach (var facet in facets)
        {
            options.Facets.Add(facet == Facets.Price
                ? $"{PriceField(query.Currency)},values:{string.Join('|', PriceBands.For(query.Currency).Skip(1).Select(b => b.Min.ToString(CultureInfo.InvariantCulture)))}"
                : facet + ",count:100");
        }

        return options;
    }

    /// <summary>Every word as a fuzzy term (one edit), Lucene-escaped; "*" when there are none.</summary>
    internal static string SearchText(string? text)
    {
        var words = (text ?? string.Empty).Split((char[])[' ', '\t', ',', '.', ';', '/'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(char.IsLetterOrDigit).ToArray()))
            .Where(w => w.Length > 0)
            .Take(16)
            .Select(w => w.Length >= 3 ? w + "~1" : w)
            .ToArray();
        return words.Length == 0 ? "*" : string.Join(' ', words);
    }

    internal static string? Filter(ProductSearchQuery query, string? except)
    {
        var clauses = new List<string>();
        if (query.Brand is { } brand && except != Facets.Brand)
        {
            clauses.Add(SearchFilter.Create($"brand eq {brand}"));
        }

        foreach (var (facet, value) in new[] { (Facets.Category, query.Category), (Facets.Color, query.Color?.ToLowerInvariant()), (Facets.Size, query.Size) })
        {
            if (value is not null && except != facet)
            {
                clauses.Add(facet + SearchFilter.Create($"/any(v: v eq {value})"));
            }
        }

        if ((query.MinPrice is not null || query.MaxPrice is not null) && except != Facets.Price)
        {
            var field = PriceField(query.Currency);
            clauses.Add(field + SearchFilter.Create($" ge {query.MinPrice ?? 0} and ") + field + SearchFilter.Create($" le {query.MaxPrice ?? long.MaxValue}"));
        }

        return clauses.Count == 0 ? null : string.Join(" and ", clauses);
    }

    static IEnumerable<(string Facet, bool Active)> ActiveFilters(ProductSearchQuery query) =>
    [
        (Facets.Brand, query.Brand is not null),
        (Facets.Category, query.Category is not null),
        (Facets.Color, query.Color is not null),
        (Facets.Size, query.Size is not null),
        (Facets.Price, query.MinPrice is not null || query.MaxPrice is not null),
    ];

    static Dictionary<string, IReadOnlyList<FacetCount>> FacetCounts(IDictionary<string, IList<FacetResult>>? facets, string currency)
    {
        var counts = new Dictionary<string, IReadOnlyList<FacetCount>>(StringComparer.Ordinal);
        foreach (var facet in new[] { Facets.Brand, Facets.Category, Facets.Color, Facets.Size })
        {
            counts[facet] = facets?.TryGetValue(facet, out var values) == true
                ? values.Select(v => new FacetCount(Convert.ToString(v.Value, CultureInfo.InvariantCulture) ?? string.Empty, (int)(v.Count ?? 0))).ToArray()
                : [];
        }

        var bands = PriceBands.For(currency);
        var ranges = facets?.TryGetValue(PriceField(currency), out var priceValues) == true ? priceValues : [];
        counts[Facets.Price] = bands.Select((band, i) => new FacetCount(band.Label, i < ranges.Count ? (int)(ranges[i].Count ?? 0) : 0)).ToArray();
        return counts;
    }

    static SearchDocument ToDocument(Product product)
    {
        var document = new SearchDocument
        {
            ["id"] = product.Id,
            ["name"] = product.Name,
            ["text"] = string.Join(' ', [product.Brand, product.Description, .. product.OptionValues("color"), .. product.Attributes.Values]),
            ["slug"] = product.Slug,
            ["categoryId"] = product.CategoryId,
            ["imageUrl"] = product.Images.Count > 0 ? product.Images[0].Url : null,
            ["brand"] = product.Brand,
            ["category"] = product.CategoryPath.ToArray(),
            ["color"] = product.OptionValues("color").Select(c => c.ToLowerInvariant()).ToArray(),
            ["size"] = product.OptionValues("size").ToArray(),
            ["createdAt"] = product.CreatedAt,
        };
        foreach (var (currency, minor) in product.PriceFrom())
        {
            document[PriceField(currency)] = minor;
        }

        return document;
    }

    static ProductSearchHit Hit(Ranked hit, string currency) => new(
        hit.Document.GetString("id"),
        hit.Document.GetString("name"),
        hit.Document.GetString("slug"),
        hit.Document.GetString("brand"),
        hit.Document.GetString("categoryId"),
        hit.Price,
        currency,
        hit.Document.TryGetValue("imageUrl", out var image) ? image as string : null);

    static long? IndexedPrice(SearchDocument document, string currency)
        => document.TryGetValue(PriceField(currency), out var price) && price is not null ? Convert.ToInt64(price, CultureInfo.InvariantCulture) : null;

    static string PriceField(string currency) => "price_" + currency;
}
