using BenchmarkDotNet.Attributes;
using Commerce.Catalog.Domain;
using Commerce.Catalog.Search.Lucene;

namespace Commerce.Benchmarks.Micro;

/// <summary>
/// Building a catalog search from a request's query string: validating and parsing the parameters (baseline), against
/// parsing plus building the embedded adapter's Lucene query (analysis, per-word exact and fuzzy clauses), with a typo.
/// </summary>
[MemoryDiagnoser]
public class SearchQueryBenchmarks : IDisposable
{
    static readonly Dictionary<string, string> Parameters = new()
    {
        ["q"] = "merino wool sweatr crew neck",
        ["category"] = "knitwear",
        ["brand"] = "northwind",
        ["minPrice"] = "2500",
        ["maxPrice"] = "12000",
        ["currency"] = "eur",
        ["sort"] = "price_asc",
        ["page"] = "2",
        ["pageSize"] = "24",
    };

    readonly LuceneProductSearch search = new(indexPath: null);

    [Benchmark(Baseline = true)]
    public ProductSearchQuery? ParseOnly() => SearchQueryParser.Parse(Parameters.GetValueOrDefault).Value;

    [Benchmark]
    public object ParseAndBuildLuceneQuery() => search.TextQuery(SearchQueryParser.Parse(Parameters.GetValueOrDefault).Value!.Text);

    public void Dispose()
    {
        search.Dispose();
        GC.SuppressFinalize(this);
    }
}
