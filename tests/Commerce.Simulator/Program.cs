using System.Diagnostics;
using Commerce.Simulator;
using Commerce.Testing;
using Spectre.Console;

// Runs N virtual shoppers for a fixed duration against --base-url, or against a freshly started dev host, prints a
// report, writes it as JSON and Markdown, and exits 1 when an invariant broke (any 5xx, for now).
SimulatorOptions options;
try
{
    options = SimulatorOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    AnsiConsole.MarkupLineInterpolated($"[red]{ex.Message}[/]");
    return 2;
}

#if DEBUG
const string configuration = "Debug";
#else
const string configuration = "Release";
#endif
await using var devHost = options.BaseUrl is null ? await DevHostProcess.StartAsync(configuration) : null;
var target = options.BaseUrl ?? devHost!.BaseAddress;
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
{
    BaseAddress = target,
    Timeout = TimeSpan.FromSeconds(30),
};
http.DefaultRequestHeaders.Add("x-functions-key", options.AdminKey);

var metrics = new Metrics();
var store = await Storefront.DiscoverAsync(http, metrics, CancellationToken.None);
var startedAt = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
using var stop = new CancellationTokenSource(options.Duration);
var shoppers = Enumerable.Range(0, options.Shoppers).Select(i => new Shopper(store, options.Seed * 100_003 + i).RunAsync(stop.Token)).ToArray();

await AnsiConsole.Progress()
    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
    .StartAsync(async progress =>
    {
        var task = progress.AddTask($"{options.Shoppers} shoppers against {target}", maxValue: options.Duration.TotalSeconds);
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(500, CancellationToken.None);
            task.Value = Math.Min(options.Duration.TotalSeconds, clock.Elapsed.TotalSeconds);
            task.Description = $"{metrics.Total} requests, {metrics.Total / Math.Max(0.5, clock.Elapsed.TotalSeconds):0} req/s, {metrics.Violations.Count} violations";
        }
    });

await Task.WhenAll(shoppers);
var report = new Report(target.ToString(), startedAt, Math.Round(clock.Elapsed.TotalSeconds, 1), options.Shoppers, metrics.Total,
    metrics.Summarise(clock.Elapsed), metrics.ErrorsByType, metrics.Violations.ToArray());
await report.WriteAsync(options.OutputDirectory);

var table = new Table().AddColumns("endpoint", "calls", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors");
foreach (var e in report.Endpoints)
{
    table.AddRow(e.Endpoint, $"{e.Calls}", $"{e.PerSecond}", $"{e.P50Ms}", $"{e.P95Ms}", $"{e.P99Ms}", $"{e.Errors}");
}

AnsiConsole.Write(table);
AnsiConsole.MarkupLineInterpolated($"report: {Path.GetFullPath(options.OutputDirectory)}/report.md");
AnsiConsole.MarkupLine(report.Passed ? "[green]all invariants held[/]" : $"[red]{report.Violations.Count} invariant violations[/]");
return report.Passed ? 0 : 1;
