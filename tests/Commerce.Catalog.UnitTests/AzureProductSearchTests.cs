using System.Text.Json;
using Azure;
using Azure.Search.Documents;
using Azure.Search.Documents.Indexes;
using Commerce.Catalog.Domain;
using Commerce.Catalog.Search.AzureAiSearch;

namespace Commerce.Catalog.UnitTests;

public sealed class AzureProductSearchTests
{
    const string SearchResponse = """
        {"@odata.count": 1,
         "@search.facets": {
           "brand": [{"value": "Northwind", "count": 3}],
           "category": [{"value": "knitwear", "count": 1}],
           "color": [{"value": "navy", "count": 1}],
           "size": [{"value": "M", "count": 1}],
           "price_USD": [{"to": 2500, "count": 0}, {"from": 2500, "to": 5000, "count": 0}, {"from": 5000, "to": 10000, "count": 1}, {"from": 10000, "to": 20000, "count": 0}, {"from": 20000, "count": 0}]
         },
         "value": [{"@search.score": 1.0, "id": "p1", "name": "Merino Sweater", "slug": "merino-sweater", "brand": "Northwind", "categoryId": "knitwear", "price_USD": 8000}]}
        """;

    static (AzureProductSearch Search, RecordingTransport Transport) Create(bool indexExists)
    {
        var transport = new RecordingTransport(request => request switch
        {
            { Method: "GET" } when request.Uri.AbsolutePath.Contains("indexes('products')", StringComparison.Ordinal) => indexExists ? (200, """{"name":"products","fields":[]}""") : (404, """{"error":{"code":"ResourceNotFound","message":"No index"}}"""),
            { Method: "POST" } when request.Uri.AbsolutePath.EndsWith("/indexes", StringComparison.Ordinal) => (201, """{"name":"products","fields":[]}"""),
            _ when request.Uri.AbsolutePath.Contains("search.post.search", StringComparison.Ordinal) => (200, SearchResponse),
            _ when request.Uri.AbsolutePath.Contains("search.post.suggest", StringComparison.Ordinal) => (200, """{"value":[{"@search.text":"Merino Sweater","name":"Merino Sweater"},{"@search.text":"Merino Sweater","name":"Merino Sweater"}]}"""),
            _ => (200, """{"value":[{"key":"p1","status":true,"statusCode":200}]}"""),
        });
        var client = new SearchIndexClient(new Uri("https://search.example"), new AzureKeyCredential("test"), new SearchClientOptions { Transport = transport, Retry = { MaxRetries = 0 } });
        return (new AzureProductSearch(client, "products"), transport);
    }

    [Fact]
    public async Task Creates_the_index_with_facetable_fields_and_a_suggester_when_it_is_missing()
    {
        var (search, transport) = Create(indexExists: false);

        await search.IndexAsync([Samples.Product("p1")], TestContext.Current.CancellationToken);

        var create = Assert.Single(transport.Requests, r => r.Method == "POST" && r.Uri.AbsolutePath.EndsWith("/indexes", StringComparison.Ordinal));
        using var definition = JsonDocument.Parse(create.Body);
        Assert.Equal("names", definition.RootElement.GetProperty("suggesters")[0].GetProperty("name").GetString());
        var fields = definition.RootElement.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.True(fields["brand"].GetProperty("facetable").GetBoolean());
        Assert.True(fields["color"].GetProperty("filterable").GetBoolean());
        Assert.True(fields["price_EUR"].GetProperty("sortable").GetBoolean());
        Assert.True(fields["name"].GetProperty("searchable").GetBoolean());
        var upload = transport.Requests[^1];
        Assert.Contains("\"@search.action\":\"mergeOrUpload\"", upload.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sends_fuzzy_words_filters_facets_and_sort_and_maps_the_answer()
    {
        var (search, transport) = Create(indexExists: true);

        var results = await search.SearchAsync(new ProductSearchQuery { Text = "merinno sweater", Color = "Navy", Sort = SearchSort.PriceAsc, Page = 2, PageSize = 10 }, TestContext.Current.CancellationToken);

        var searches = transport.Requests.Where(r => r.Uri.AbsolutePath.Contains("search.post.search", StringComparison.Ordinal)).Select(r => JsonDocument.Parse(r.Body).RootElement).ToArray();
        var main = searches[0];
        Assert.Equal("merinno~1 sweater~1", main.GetProperty("search").GetString());
        Assert.Equal("color/any(v: v eq 'navy')", main.GetProperty("filter").GetString());
        Assert.Equal("price_USD asc", main.GetProperty("orderby").GetString());
        Assert.Equal(10, main.GetProperty("skip").GetInt32());
        Assert.Contains("price_USD,values:2500|5000|10000|20000", main.GetProperty("facets").EnumerateArray().Select(f => f.GetString()));
        // The colour facet is counted again without the colour filter.
        Assert.Equal(2, searches.Length);
        Assert.False(searches[1].TryGetProperty("filter", out var filter) && filter.ValueKind == JsonValueKind.String);
        Assert.Equal(["color,count:100"], searches[1].GetProperty("facets").EnumerateArray().Select(f => f.GetString()));

        var hit = Assert.Single(results.Items);
        Assert.Equal(("p1", 8000L), (hit.Id, hit.Price!.Value));
        Assert.Equal(1, results.Total);
        Assert.Equal(new FacetCount("50-100", 1), results.Facets[Facets.Price][2]);
        Assert.Equal(new FacetCount("Northwind", 3), results.Facets[Facets.Brand][0]);
    }

    [Fact]
    public void Filters_escape_quotes_and_combine_with_and()
    {
        var filter = AzureProductSearch.Filter(new ProductSearchQuery { Brand = "O'Neill", Category = "knitwear", MinPrice = 100, Currency = "EUR" }, except: null);

        Assert.Equal("brand eq 'O''Neill' and category/any(v: v eq 'knitwear') and price_EUR ge 100 and price_EUR le 9223372036854775807", filter);
    }

    [Fact]
    public async Task Suggestions_are_distinct_names_from_the_suggester()
    {
        var (search, transport) = Create(indexExists: true);

        var names = await search.SuggestAsync("meri", 5, TestContext.Current.CancellationToken);

        Assert.Equal(["Merino Sweater"], names);
        Assert.Contains("\"suggesterName\":\"names\"", transport.Requests[^1].Body, StringComparison.Ordinal);
    }
}
