using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Commerce.Simulator;

/// <summary>The run's outcome: per endpoint throughput and latency, errors by type, and broken invariants.</summary>
public sealed record Report(
    string Target,
    DateTimeOffset StartedAt,
    double DurationSeconds,
    int Shoppers,
    long Requests,
    IReadOnlyList<EndpointReport> Endpoints,
    IReadOnlyDictionary<string, int> ErrorsByType,
    IReadOnlyList<string> Violations)
{
    public bool Passed => Violations.Count == 0;

    public async Task WriteAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.json"), JsonSerializer.Serialize(this, new JsonSerializerOptions(JsonSerializerOptions.Web) { WriteIndented = true }));
        await File.WriteAllTextAsync(Path.Combine(directory, "report.md"), ToMarkdown());
    }

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Storefront simulation: {Target}")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{Shoppers} shoppers for {DurationSeconds:0.#} s from {StartedAt:u}: {Requests} requests, {(Passed ? "all invariants held" : $"{Violations.Count} invariant violations")}.")
            .AppendLine()
            .AppendLine("| endpoint | calls | req/s | p50 ms | p95 ms | p99 ms | errors |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var e in Endpoints)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| `{e.Endpoint}` | {e.Calls} | {e.PerSecond} | {e.P50Ms} | {e.P95Ms} | {e.P99Ms} | {e.Errors} |");
        }

        if (ErrorsByType.Count > 0)
        {
            md.AppendLine().AppendLine("| error | count |").AppendLine("|---|---:|");
            foreach (var (type, count) in ErrorsByType.OrderByDescending(e => e.Value))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {type} | {count} |");
            }
        }

        foreach (var violation in Violations.Take(50))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- violation: {violation}");
        }

        return md.ToString();
    }
}
