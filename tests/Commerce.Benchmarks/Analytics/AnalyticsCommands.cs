using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Analytics.Domain;
using Commerce.Analytics.Domain.Aggregation;
using Commerce.Analytics.Domain.Events;
using Commerce.Analytics.Testing;
using Commerce.Contracts;
using Commerce.DevHost.Analytics;

namespace Commerce.Benchmarks.Analytics;

/// <summary>
/// <c>analytics-aggregation</c>: throughput of the aggregation core from serialized JSON batches (parse + window +
/// dedupe + count), against a parse-only baseline over the same bytes in the same run, on one thread.
/// <c>analytics-e2e</c>: latency from <c>POST /api/events</c> to the event being visible in the summary, through the
/// dev host on Kestrel, with the events generator adding background traffic.
/// </summary>
internal static class AnalyticsCommands
{
    public static async Task<int> RunAsync(string command, string[] args)
    {
        var options = Options(args);
        switch (command)
        {
            case "analytics-aggregation":
                Aggregation(options.GetValueOrDefault("events", 500_000), options.GetValueOrDefault("rounds", 7));
                return 0;
            case "analytics-e2e":
                await EndToEndAsync(options.GetValueOrDefault("probes", 200), options.GetValueOrDefault("sessions-per-second", 50));
                return 0;
            default:
                await Console.Error.WriteLineAsync("usage: analytics-aggregation [--events N] [--rounds R] | analytics-e2e [--probes N] [--sessions-per-second S]");
                return 2;
        }
    }

    static Dictionary<string, int> Options(string[] args)
    {
        var options = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
        }

        return options;
    }

    static void Aggregation(int eventCount, int rounds)
    {
        var now = DateTimeOffset.UtcNow;
        var generator = new StorefrontSessionGenerator(7, "bench");
        var events = new List<StorefrontEvent>(eventCount + 32);
        while (events.Count < eventCount)
        {
            // Sessions spread over the last hour: ~60 minute windows, like a consumer catching up.
            events.AddRange(generator.NextSession(now.AddMinutes(-60).AddSeconds(events.Count * 3600.0 / eventCount)));
        }

        var batches = events.Chunk(AnalyticsOptions.MaxBatchSize)
            .Select(chunk => JsonSerializer.SerializeToUtf8Bytes(new StorefrontEventBatch(chunk), ClickstreamJson.Default.StorefrontEventBatch))
            .ToArray();
        var bytes = batches.Sum(b => (long)b.Length);
        var aggregator = new ClickstreamAggregator(new AnalyticsOptions(), TimeProvider.System);
        Console.WriteLine($"{events.Count:N0} events in {batches.Length:N0} JSON batches of {AnalyticsOptions.MaxBatchSize} ({bytes / events.Count} bytes/event), {rounds} rounds, one thread");

        long ParseOnly()
        {
            long seen = 0;
            foreach (var batch in batches)
            {
                seen += JsonSerializer.Deserialize(batch, ClickstreamJson.Default.StorefrontEventBatch)!.Events.Count;
            }

            return seen;
        }

        long ParseAndAggregate()
        {
            long counted = 0;
            var windows = new Dictionary<WindowKey, WindowAggregate>();
            foreach (var batch in batches)
            {
                counted += aggregator.Aggregate(JsonSerializer.Deserialize(batch, ClickstreamJson.Default.StorefrontEventBatch)!.Events, windows);
            }

            return counted;
        }

        var parse = new List<double>();
        var aggregate = new List<double>();
        for (var round = 0; round <= rounds; round++)
        {
            var p = Measure(ParseOnly, events.Count);
            var a = Measure(ParseAndAggregate, events.Count);
            if (round > 0)
            {
                parse.Add(p);
                aggregate.Add(a);
            }
        }

        var parseMedian = Median(parse);
        var aggregateMedian = Median(aggregate);
        Console.WriteLine($"parse only (baseline):   {parseMedian,14:N0} events/s (median of {rounds})");
        Console.WriteLine($"parse + aggregate:       {aggregateMedian,14:N0} events/s (median of {rounds})");
        Console.WriteLine($"ratio aggregate/parse:   {aggregateMedian / parseMedian,14:F2}");
    }

    static double Measure(Func<long> run, int expected)
    {
        var started = Stopwatch.GetTimestamp();
        var count = run();
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (count != expected)
        {
            throw new InvalidOperationException($"Expected {expected} events, got {count}.");
        }

        return count / elapsed.TotalSeconds;
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    static async Task EndToEndAsync(int probes, int sessionsPerSecond)
    {
        await using var server = await DevHostServer.StartAsync(new Dictionary<string, string?>
        {
            ["DevHost:EventsGenerator:Enabled"] = sessionsPerSecond > 0 ? "true" : "false",
            ["DevHost:EventsGenerator:SessionsPerSecond"] = sessionsPerSecond.ToString(CultureInfo.InvariantCulture),
        });
        Console.WriteLine($"dev host at {server.Address}; background: ~{sessionsPerSecond} generated sessions/s; {probes} sequential probes");
        var latencies = new List<double>(probes);
        var accepted = new List<double>(probes); // baseline: the POST alone, until the collector answers 202
        for (var i = 0; i < probes + 5; i++)
        {
            var device = $"probe-{i}";
            var started = Stopwatch.GetTimestamp();
            var e = new { id = $"probe-{i}-{Guid.NewGuid():N}", type = "page_view", sessionId = device, timestamp = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture), device };
            using (var response = await server.Client.PostAsJsonAsync("api/events", new { events = new[] { e } }))
            {
                response.EnsureSuccessStatusCode();
            }

            var posted = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            while (!(await server.SummaryAsync()).GetProperty("byDevice").TryGetProperty(device, out _))
            {
                await Task.Delay(5);
            }

            if (i >= 5)
            {
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                accepted.Add(posted);
            }
        }

        latencies.Sort();
        accepted.Sort();
        static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Ceiling(p * sorted.Count) - 1];
        Console.WriteLine($"POST /api/events accepted (baseline): p50 {Percentile(accepted, 0.5):F1} ms, p95 {Percentile(accepted, 0.95):F1} ms, p99 {Percentile(accepted, 0.99):F1} ms");
        Console.WriteLine($"POST /api/events -> visible in GET /api/analytics/summary: p50 {Percentile(latencies, 0.5):F1} ms, p95 {Percentile(latencies, 0.95):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms, max {latencies[^1]:F1} ms");
        Console.WriteLine($"ratio visible / accepted at p95: {Percentile(latencies, 0.95) / Percentile(accepted, 0.95):F2}");
    }
}
