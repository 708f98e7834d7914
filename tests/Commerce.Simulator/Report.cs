using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Commerce.Simulator;

/// <summary>An invariant and whether it held (with how many violations when it did not).</summary>
public sealed record InvariantResult(string Name, bool Held, int Violations);

/// <summary>
/// The run's outcome: per endpoint throughput and latency, errors by type, checkout saga outcomes and completion
/// latency, the stock reconciliation, and the invariants.
/// </summary>
public sealed record Report(
    string Target,
    DateTimeOffset StartedAt,
    double DurationSeconds,
    int Shoppers,
    long Requests,
    IReadOnlyList<EndpointReport> Endpoints,
    IReadOnlyDictionary<string, int> ErrorsByType,
    CheckoutSummary Checkouts,
    int CheckoutsInFlight,
    int ShipmentsConfirmed,
    IReadOnlyList<SkuReconciliation> Stock,
    IReadOnlyList<InvariantResult> Invariants,
    IReadOnlyList<string> Violations)
{
    public bool Passed => Violations.Count == 0 && Invariants.All(i => i.Held);

    /// <summary>How often each chaos behaviour was played (empty without <c>--chaos</c>).</summary>
    public IReadOnlyDictionary<string, int> Chaos { get; init; } = new Dictionary<string, int>();

    public async Task WriteAsync(string directory, IReadOnlyDictionary<string, double[]> latencies, IReadOnlyList<double> sagaLatencies)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.json"), JsonSerializer.Serialize(this, new JsonSerializerOptions(JsonSerializerOptions.Web) { WriteIndented = true }));
        await File.WriteAllTextAsync(Path.Combine(directory, "report.md"), ToMarkdown());
        LatencyChart.Write(Path.Combine(directory, "latency.png"), latencies, sagaLatencies);
    }

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        void Line(FormattableString text) => md.AppendLine(text.ToString(CultureInfo.InvariantCulture));
        Line($"# Storefront simulation: {Target}");
        md.AppendLine();
        Line($"{Shoppers} shoppers for {DurationSeconds:0.#} s from {StartedAt:u}: {Requests} requests, {(Passed ? "all invariants held" : $"{Violations.Count} invariant violations")}.");
        md.AppendLine().AppendLine("| invariant | held | violations |").AppendLine("|---|---|---:|");
        foreach (var i in Invariants)
        {
            Line($"| {i.Name} | {(i.Held ? "yes" : "**no**")} | {i.Violations} |");
        }

        if (Chaos.Count > 0)
        {
            md.AppendLine().AppendLine("| chaos behaviour | count |").AppendLine("|---|---:|");
            foreach (var (behaviour, count) in Chaos.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                Line($"| {behaviour} | {count} |");
            }
        }

        md.AppendLine().AppendLine("| endpoint | calls | req/s | p50 ms | p95 ms | p99 ms | errors |").AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var e in Endpoints)
        {
            Line($"| `{e.Endpoint}` | {e.Calls} | {e.PerSecond} | {e.P50Ms} | {e.P95Ms} | {e.P99Ms} | {e.Errors} |");
        }

        md.AppendLine();
        Line($"Checkouts: {Checkouts.Accepted} accepted, {Checkouts.Completed} completed, {CheckoutsInFlight} still in flight; saga completion (202 → terminal status seen by polling) p50 {Checkouts.P50Ms} ms, p95 {Checkouts.P95Ms} ms, p99 {Checkouts.P99Ms} ms. Shipments confirmed by warehouses: {ShipmentsConfirmed}.");
        md.AppendLine().AppendLine("| outcome | checkouts |").AppendLine("|---|---:|");
        foreach (var (outcome, count) in Checkouts.Outcomes.OrderByDescending(o => o.Value))
        {
            Line($"| {outcome} | {count} |");
        }

        md.AppendLine().AppendLine("| SKU | supplied | sold | on hand | reserved |").AppendLine("|---|---:|---:|---:|---:|");
        foreach (var s in Stock)
        {
            Line($"| {s.Sku} | {s.Supplied} | {s.Sold} | {s.OnHand} | {s.Reserved} |");
        }

        if (ErrorsByType.Count > 0)
        {
            md.AppendLine().AppendLine("| error | count |").AppendLine("|---|---:|");
            foreach (var (type, count) in ErrorsByType.OrderByDescending(e => e.Value))
            {
                Line($"| {type} | {count} |");
            }
        }

        md.AppendLine();
        foreach (var violation in Violations.Take(50))
        {
            Line($"- violation: {violation}");
        }

        return md.ToString();
    }
}
