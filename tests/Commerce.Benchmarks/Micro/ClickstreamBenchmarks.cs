using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Commerce.Analytics.Domain;
using Commerce.Analytics.Domain.Aggregation;
using Commerce.Analytics.Domain.Events;
using Commerce.Contracts;

namespace Commerce.Benchmarks.Micro;

/// <summary>
/// Per clickstream event, over a 500-event batch (Event Hubs' shape: runs of one session within a few minutes):
/// parsing each JSON body alone (baseline) against parsing and aggregating into per-minute windows, which is what the
/// analytics consumer does before it writes. The ratio is what aggregation costs on top of reading the events.
/// </summary>
[MemoryDiagnoser]
public class ClickstreamBenchmarks
{
    const int BatchSize = AnalyticsOptions.MaxBatchSize;
    static readonly string[] Types = [StorefrontEventTypes.PageView, StorefrontEventTypes.ProductView, StorefrontEventTypes.Search, StorefrontEventTypes.AddToCart, StorefrontEventTypes.Purchase];

    readonly ClickstreamAggregator aggregator = new(new AnalyticsOptions(), TimeProvider.System);
    byte[][] bodies = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(9);
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        bodies = [.. Enumerable.Range(0, BatchSize).Select(i =>
        {
            var type = Types[random.Next(Types.Length)];
            return JsonSerializer.SerializeToUtf8Bytes(new StorefrontEvent
            {
                Id = Guid.NewGuid().ToString("N"),
                Type = type,
                SessionId = $"s-{i / 25}",
                CustomerId = i % 3 == 0 ? $"c-{i / 25}" : null,
                Timestamp = start.AddSeconds(i * 2),
                Device = "mobile",
                Country = "DE",
                ProductId = type == StorefrontEventTypes.Search ? null : $"p-{random.Next(400)}",
                Query = type == StorefrontEventTypes.Search ? "merino crew" : null,
                ResultCount = type == StorefrontEventTypes.Search ? 12 : null,
                OrderId = type == StorefrontEventTypes.Purchase ? $"ord_{i:x8}" : null,
                Value = type == StorefrontEventTypes.Purchase ? 4_990 : null,
                Currency = type == StorefrontEventTypes.Purchase ? "EUR" : null,
            }, ClickstreamJson.Default.StorefrontEvent);
        })];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = BatchSize)]
    public int ParseOnly() => Parse().Count;

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int ParseAndAggregate() => aggregator.Aggregate(Parse(), []);

    List<StorefrontEvent> Parse()
    {
        var events = new List<StorefrontEvent>(bodies.Length);
        foreach (var body in bodies)
        {
            events.Add(JsonSerializer.Deserialize(body, ClickstreamJson.Default.StorefrontEvent)!);
        }

        return events;
    }
}
