using System.Diagnostics;
using System.Globalization;
using Commerce.Catalog.Domain;
using Commerce.Catalog.Search.Lucene;
using Commerce.Demo;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Commerce.Benchmarks.Catalog;

/// <summary>
/// <c>catalog-search [products] [iterations]</c>: p50/p95 of the Lucene adapter's search (text with one typo, two
/// filters, all facets) over the demo catalog, at concurrency 1, against the raw Lucene query it wraps (same text
/// query and filters, top 20, no facets), in the same run.
/// </summary>
public static class SearchLatencyCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var products = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var iterations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000;
        using var search = new LuceneProductSearch(indexPath: null);
        var categories = DemoCatalog.Categories().ToDictionary(c => c.Id);
        var indexing = Stopwatch.StartNew();
        foreach (var chunk in DemoCatalog.Products(20261125, 0, products).Chunk(5_000))
        {
            await search.IndexAsync([.. chunk.Select(input => Build(input, categories))]);
        }

        Console.WriteLine($"indexed {search.Count} products in {indexing.Elapsed.TotalSeconds:F1} s");
        // "Merino" with one typo; brand and colour filters; the facets of every dimension.
        var query = new ProductSearchQuery { Text = "merinno", Brand = "Northwind", Color = "navy", Currency = "USD", PageSize = 20 };
        var first = await search.SearchAsync(query);
        Console.WriteLine($"query: total {first.Total}, brand facet values {first.Facets[Facets.Brand].Count}, colour facet values {first.Facets[Facets.Color].Count}");

        var raw = new BooleanQuery
        {
            { search.TextQuery(query.Text), Occur.MUST },
            { new TermQuery(new Term("brand", "northwind")), Occur.MUST },
            { new TermQuery(new Term("color", "navy")), Occur.MUST },
        };
        var adapter = await MeasureAsync(iterations, async () => await search.SearchAsync(query));
        var baseline = await MeasureAsync(iterations, () => { search.RawSearch(raw, 20); return Task.CompletedTask; });
        Console.WriteLine($"adapter search (typo + 2 filters + facets): p50 {adapter.P50:F2} ms, p95 {adapter.P95:F2} ms");
        Console.WriteLine($"raw Lucene query (typo + 2 filters, top 20): p50 {baseline.P50:F2} ms, p95 {baseline.P95:F2} ms");
        Console.WriteLine($"ratio adapter/raw at p95: {adapter.P95 / baseline.P95:F2}");
        return 0;
    }

    static Product Build(ProductInput input, Dictionary<string, Category> categories)
    {
        var path = new List<string>();
        for (var id = input.CategoryId; id is not null; id = categories[id].ParentId)
        {
            path.Insert(0, id);
        }

        return ProductRules.Build(input, input.Id!, path, DateTimeOffset.UnixEpoch, previous: null).Value!;
    }

    static async Task<(double P50, double P95)> MeasureAsync(int iterations, Func<Task> run)
    {
        for (var i = 0; i < 50; i++)
        {
            await run();
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var samples = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await run();
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(samples);
        return (samples[iterations / 2], samples[(int)(iterations * 0.95)]);
    }
}
