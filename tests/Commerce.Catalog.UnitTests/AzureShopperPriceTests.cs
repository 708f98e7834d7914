using System.Text.Json;
using Azure;
using Azure.Search.Documents;
using Azure.Search.Documents.Indexes;
using Commerce.Catalog.Domain;
using Commerce.Catalog.Search.AzureAiSearch;

namespace Commerce.Catalog.UnitTests;

/// <summary>
/// The Azure AI Search adapter searching as a price experiment's shopper (<see cref="ProductSearchQuery.Shopper"/>), as
/// the embedded index does (<see cref="LuceneShopperPriceTests"/>): a targeted category's own products at the variant's
/// multiplier, a targeted product at the price the view resolves, everything else (a targeted category's subcategories
/// too) at the indexed price; filters, order, paging, the total and the price facet on those prices. The search service
/// is scripted: it answers each request as the index would, by the request's filter.
/// </summary>
public sealed class AzureShopperPriceTests
{
    const string Covered = "(search.in(id, 'p4', ',') or category/any(v: search.in(v, 'knitwear', ',')))";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The index (usual USD prices): p1 and p2 in knitwear, p5 in its subcategory kids, p4 a jacket, p3 a shirt.
    static readonly Dictionary<string, string> Documents = new()
    {
        ["p1"] = Doc("p1", "knitwear", ["clothing", "knitwear"], 8_000, 3.0),
        ["p2"] = Doc("p2", "knitwear", ["clothing", "knitwear"], 25_000, 2.0),
        ["p3"] = Doc("p3", "clothing", ["clothing"], 4_500, 1.0),
        ["p4"] = Doc("p4", "jackets", ["clothing", "jackets"], 12_000, 1.5),
        ["p5"] = Doc("p5", "kids", ["clothing", "knitwear", "kids"], 3_000, 2.5),
    };

    static string Doc(string id, string categoryId, string[] path, long usd, double score) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["@search.score"] = score, ["id"] = id, ["name"] = "Product " + id, ["slug"] = id, ["brand"] = "Northwind", ["categoryId"] = categoryId,
        ["category"] = path, ["color"] = Array.Empty<string>(), ["size"] = Array.Empty<string>(), ["price_USD"] = usd,
    });

    static string Answer(int count, string priceBands, params string[] ids) => $$"""
        {"@odata.count": {{count}},
         "@search.facets": {"brand": [{"value": "Northwind", "count": {{count}}}], "category": [], "color": [], "size": [],
           "price_USD": [{{priceBands}}]},
         "value": [{{string.Join(",", ids.Select(id => Documents[id]))}}]}
        """;

    static string Bands(params int[] counts) => string.Join(",", counts.Select(c => $$"""{"count": {{c}}}"""));

    /// <summary>The service as the index answers: by filter, price filter 0..13000 and price order as the requests ask.</summary>
    static (int, string) Respond(RecordedRequest request)
    {
        if (request.Method == "GET")
        {
            return (200, """{"name":"products","fields":[]}""");
        }

        var body = JsonDocument.Parse(request.Body).RootElement;
        var filter = body.TryGetProperty("filter", out var f) ? f.GetString() ?? "" : "";
        var (skip, top) = (body.TryGetProperty("skip", out var s) ? s.GetInt32() : 0, body.TryGetProperty("top", out var t) ? t.GetInt32() : 50);
        string[] Page(params string[] ids) => [.. ids.Skip(skip).Take(top)];
        return filter switch
        {
            // The covered products (matching the text), at their indexed prices, any order.
            Covered => (200, Answer(4, Bands(0, 0, 0, 0, 0), Page("p1", "p2", "p5", "p4"))),
            // Everything else within 0..130.00 at the usual prices, by price: p3 only.
            _ when filter.EndsWith("and not " + Covered, StringComparison.Ordinal) || filter == "not " + Covered => (200, Answer(1, Bands(0, 1, 0, 0, 0), Page("p3"))),
            // Without the shopper's view: the usual prices within 0..130.00, by price.
            _ => (200, Answer(4, Bands(0, 2, 1, 1, 0), Page("p5", "p3", "p1", "p4"))),
        };
    }

    static (AzureProductSearch, RecordingTransport) Create()
    {
        var transport = new RecordingTransport(Respond);
        var client = new SearchIndexClient(new Uri("https://search.example"), new AzureKeyCredential("test"), new SearchClientOptions { Transport = transport, Retry = { MaxRetries = 0 } });
        return (new AzureProductSearch(client, "products"), transport);
    }

    /// <summary>A variant halving knitwear's own products and pricing p4 at 10.00.</summary>
    static readonly SearchPriceView Half = new(
        "e1.half",
        new HashSet<string>(["p4"], StringComparer.Ordinal),
        new Dictionary<string, long> { ["knitwear"] = 5_000 },
        (ids, _, _) => Task.FromResult<IReadOnlyDictionary<string, long?>>(ids.ToDictionary(id => id, _ => (long?)1_000)));

    static ProductSearchQuery Query(int page) => new() { Sort = SearchSort.PriceAsc, MaxPrice = 13_000, Currency = "USD", Page = page, PageSize = 3, Shopper = Half };

    [Fact]
    public async Task A_variant_shopper_s_search_filters_sorts_pages_and_counts_on_the_prices_they_are_shown()
    {
        var (search, _) = Create();

        var first = await search.SearchAsync(Query(1), Ct);
        var second = await search.SearchAsync(Query(2), Ct);

        // p4 10.00 (targeted), p5 30.00 (a subcategory's: usual), p1 40.00 (half), p3 45.00 (usual), p2 125.00 (half of 250.00, now within 130.00).
        Assert.Equal([("p4", 1_000L), ("p5", 3_000L), ("p1", 4_000L)], first.Items.Select(h => (h.Id, h.Price!.Value)));
        Assert.Equal([("p3", 4_500L), ("p2", 12_500L)], second.Items.Select(h => (h.Id, h.Price!.Value)));
        Assert.Equal((5, 5), (first.Total, second.Total));
        Assert.Equal([1, 3, 0, 1, 0], first.Facets[Facets.Price].Select(c => c.Count));
        Assert.Equal(new FacetCount("Northwind", 5), Assert.Single(first.Facets[Facets.Brand]));
    }

    [Fact]
    public async Task The_covered_products_are_searched_apart_and_excluded_from_the_indexed_search_with_its_price_filter()
    {
        var (search, transport) = Create();

        await search.SearchAsync(Query(1), Ct);

        var filters = transport.Requests.Where(r => r.Method == "POST").Select(r => JsonDocument.Parse(r.Body).RootElement).ToArray();
        var candidates = Assert.Single(filters, r => r.TryGetProperty("filter", out var filter) && filter.GetString() == Covered);
        Assert.Equal(AzureProductSearch.MaxShopperCandidates, candidates.GetProperty("top").GetInt32());
        var indexed = Assert.Single(filters, r => r.TryGetProperty("orderby", out _));
        Assert.Equal("price_USD ge 0 and price_USD le 13000 and not " + Covered, indexed.GetProperty("filter").GetString());
    }

    [Fact]
    public async Task A_shopper_whose_view_covers_nothing_searches_as_everyone_does()
    {
        var (search, transport) = Create();
        var none = new SearchPriceView("e1.none", new HashSet<string>(StringComparer.Ordinal), new Dictionary<string, long>(), (ids, _, _) => Task.FromResult<IReadOnlyDictionary<string, long?>>(new Dictionary<string, long?>()));

        var results = await search.SearchAsync(Query(1) with { Shopper = none }, Ct);

        Assert.Equal(["p5", "p3", "p1"], results.Items.Select(h => h.Id));
        Assert.Equal(4, results.Total);
        Assert.DoesNotContain(transport.Requests, r => r.Body.Contains("search.in", StringComparison.Ordinal));
    }
}
