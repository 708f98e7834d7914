using System.Collections.Concurrent;
using System.Diagnostics;

namespace Commerce.Simulator;

/// <summary>Latency and outcome of every call, per endpoint (method + route template), recorded lock-free.</summary>
public sealed class Metrics
{
    readonly ConcurrentDictionary<string, ConcurrentQueue<(double Ms, int Status)>> calls = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, int> errors = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<string> violations = new();
    readonly ConcurrentDictionary<string, int> chaos = new(StringComparer.Ordinal);

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

    /// <summary>Counts one chaos behaviour (a double submit, a level drop, a return...).</summary>
    public void Chaos(string behaviour) => chaos.AddOrUpdate(behaviour, 1, (_, n) => n + 1);

    public IReadOnlyDictionary<string, int> ChaosCounts => chaos;

    /// <summary>A failure that is not an HTTP answer (a queue send that failed, say), counted by type.</summary>
    public void Error(string type) => errors.AddOrUpdate(type, 1, (_, n) => n + 1);

    public IReadOnlyList<EndpointReport> Summarise(TimeSpan elapsed) => calls
        .OrderBy(c => c.Key, StringComparer.Ordinal)
        .Select(c =>
        {
            var latencies = c.Value.Select(x => x.Ms).Order().ToArray();
            return new EndpointReport(
                c.Key,
                latencies.Length,
                Math.Round(latencies.Length / elapsed.TotalSeconds, 1),
                Percentiles.Of(latencies, 0.50),
                Percentiles.Of(latencies, 0.95),
                Percentiles.Of(latencies, 0.99),
                c.Value.Count(x => x.Status is >= 400 or 0));
        })
        .ToArray();

    public IReadOnlyDictionary<string, int> ErrorsByType => errors;

    /// <summary>Every call's latency by endpoint, in order of completion (for the latency chart).</summary>
    public IReadOnlyDictionary<string, double[]> Latencies() => calls.ToDictionary(c => c.Key, c => c.Value.Select(x => x.Ms).ToArray(), StringComparer.Ordinal);
}

public sealed record EndpointReport(string Endpoint, int Calls, double PerSecond, double P50Ms, double P95Ms, double P99Ms, int Errors);
