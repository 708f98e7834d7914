using System.Collections.Concurrent;
using System.Diagnostics;

namespace Commerce.Simulator;

/// <summary>Latency and outcome of every call, per endpoint (method + route template), recorded lock-free.</summary>
public sealed class Metrics
{
    readonly ConcurrentDictionary<string, ConcurrentQueue<(double Ms, int Status)>> calls = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, int> errors = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<string> violations = new();

    public long Total => calls.Values.Sum(q => (long)q.Count);

    public IReadOnlyCollection<string> Violations => violations;

    public void Record(string endpoint, long startedTimestamp, int status)
    {
        calls.GetOrAdd(endpoint, static _ => new()).Enqueue((Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds, status));
        if (status >= 400 || status == 0)
        {
            errors.AddOrUpdate($"{endpoint} → {(status == 0 ? "no response" : status.ToString(System.Globalization.CultureInfo.InvariantCulture))}", 1, (_, n) => n + 1);
        }

        if (status >= 500)
        {
            violations.Enqueue($"5xx: {endpoint} answered {status}");
        }
    }

    public void Violation(string what) => violations.Enqueue(what);

    public IReadOnlyList<EndpointReport> Summarise(TimeSpan elapsed) => calls
        .OrderBy(c => c.Key, StringComparer.Ordinal)
        .Select(c =>
        {
            var latencies = c.Value.Select(x => x.Ms).Order().ToArray();
            return new EndpointReport(
                c.Key,
                latencies.Length,
                Math.Round(latencies.Length / elapsed.TotalSeconds, 1),
                Percentile(latencies, 0.50),
                Percentile(latencies, 0.95),
                Percentile(latencies, 0.99),
                c.Value.Count(x => x.Status is >= 400 or 0));
        })
        .ToArray();

    public IReadOnlyDictionary<string, int> ErrorsByType => errors;

    static double Percentile(double[] sorted, double p)
        => sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 2);
}

public sealed record EndpointReport(string Endpoint, int Calls, double PerSecond, double P50Ms, double P95Ms, double P99Ms, int Errors);
