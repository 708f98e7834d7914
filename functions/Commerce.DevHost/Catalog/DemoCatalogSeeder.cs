using Commerce.Catalog.Domain;
using Commerce.Demo;
using Commerce.Documents;

namespace Commerce.DevHost.Catalog;

/// <summary>
/// Seeds the demo catalog once the host has started (so the first start is not held up), in batches, printing
/// progress; a marker document records a finished seed so later starts skip it.
/// </summary>
internal sealed partial class DemoCatalogSeeder(IOptions<DemoCatalogOptions> options, IDocumentStore store, Categories categories, ProductWriter writer, IHostApplicationLifetime lifetime, ILogger<DemoCatalogSeeder> logger) : BackgroundService
{
    const string MarkerId = "demo-seed";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Products == 0)
        {
            return;
        }

        var markers = store.Container<DemoSeedMarker>("catalog-meta");
        if (await markers.ReadAsync(MarkerId, MarkerId, stoppingToken) is { } marker && marker.Value.Products >= settings.Products && marker.Value.Seed == settings.Seed)
        {
            return;
        }

        await WhenStartedAsync(stoppingToken);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var category in DemoCatalog.Categories())
        {
            await categories.PutAsync(category, stoppingToken);
        }

        for (var from = 0; from < settings.Products; from += settings.BatchSize)
        {
            var count = Math.Min(settings.BatchSize, settings.Products - from);
            var lines = DemoCatalog.Products(settings.Seed, from, count).Select((input, i) => new ImportLine(from + i + 1, input));
            var report = await writer.ImportAsync(lines, stoppingToken);
            foreach (var failure in report.Failures)
            {
                LogFailure(logger, failure.Line, failure.Error);
            }

            LogProgress(logger, from + count, settings.Products, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        await markers.UpsertAsync(MarkerId, MarkerId, new DemoSeedMarker(settings.Products, settings.Seed), cancellationToken: stoppingToken);
    }

    Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        return started.Task;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo catalog: {Seeded}/{Total} products seeded ({Seconds:F1} s)")]
    static partial void LogProgress(ILogger logger, int seeded, int total, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo catalog: line {Line} not seeded: {Error}")]
    static partial void LogFailure(ILogger logger, int line, string error);
}

internal sealed record DemoSeedMarker(int Products, int Seed);
