using Commerce.Simulator;
using Spectre.Console;

// Runs N virtual shoppers (and, with --chaos, the chaos shoppers) and the virtual warehouses for a fixed duration
// against --base-url, or against a freshly started dev host, shows live progress, prints the report, writes it as JSON,
// Markdown and a latency chart, and exits 1 when an invariant broke.
SimulatorOptions options;
try
{
    options = SimulatorOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException)
{
    AnsiConsole.MarkupLineInterpolated($"[red]{ex.Message}[/]");
    return 2;
}

#if DEBUG
const string configuration = "Debug";
#else
const string configuration = "Release";
#endif
var report = await SimulatorRun.RunAsync(options, configuration, (simulation, run) => AnsiConsole.Progress()
    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
    .StartAsync(async progress =>
    {
        var task = progress.AddTask($"{options.Shoppers} shoppers, {options.ChaosShoppers} chaos shoppers", maxValue: options.Duration.TotalSeconds);
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(500));
            var seconds = Math.Max(0.5, simulation.Shopping.Elapsed.TotalSeconds);
            task.Value = Math.Min(options.Duration.TotalSeconds, simulation.Shopping.Elapsed.TotalSeconds);
            task.Description = Markup.Escape($"{simulation.Phase}: {simulation.Metrics.Total} requests, {simulation.Metrics.Total / seconds:0} req/s, {simulation.Ledger.Count} checkouts, {simulation.Metrics.Violations.Count} violations");
        }
    }));

var table = new Table().AddColumns("endpoint", "calls", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors");
foreach (var e in report.Endpoints)
{
    table.AddRow(Markup.Escape(e.Endpoint), $"{e.Calls}", $"{e.PerSecond}", $"{e.P50Ms}", $"{e.P95Ms}", $"{e.P99Ms}", $"{e.Errors}");
}

AnsiConsole.Write(table);
var checkouts = report.Checkouts;
AnsiConsole.MarkupLineInterpolated($"checkouts: {checkouts.Accepted} accepted, {checkouts.Completed} completed, {report.CheckoutsInFlight} in flight; saga completion p50 {checkouts.P50Ms} ms, p95 {checkouts.P95Ms} ms, p99 {checkouts.P99Ms} ms; {report.ShipmentsConfirmed} shipments confirmed");
if (report.Chaos.Count > 0)
{
    AnsiConsole.MarkupLineInterpolated($"chaos: {string.Join(", ", report.Chaos.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"))}");
}

foreach (var invariant in report.Invariants)
{
    AnsiConsole.MarkupLine($"{(invariant.Held ? "[green]held[/]" : "[red]BROKEN[/]")} {Markup.Escape(invariant.Name)} ({invariant.Violations} violations)");
}

foreach (var violation in report.Violations.Take(20))
{
    AnsiConsole.MarkupLineInterpolated($"[red]{violation}[/]");
}

AnsiConsole.MarkupLineInterpolated($"report: {Path.GetFullPath(options.OutputDirectory)}/report.md (and report.json, latency.png)");
AnsiConsole.MarkupLine(report.Passed ? "[green]all invariants held[/]" : $"[red]{report.Violations.Count} invariant violations[/]");
return report.Passed ? 0 : 1;
