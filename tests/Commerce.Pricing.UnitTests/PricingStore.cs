using Commerce.Documents;
using Commerce.Documents.Sqlite;
using Microsoft.Extensions.Options;

namespace Commerce.Pricing.UnitTests;

/// <summary>The pricing domain over a SQLite document store in a fresh temp folder (deleted on dispose), the system clock and an in-memory applied-price notifier.</summary>
public sealed class PricingStore : IDisposable
{
    readonly string dataPath = Path.Combine(Path.GetTempPath(), "commerce-pricing-unit", Guid.NewGuid().ToString("N"));
    readonly SqliteDocumentStore sqlite;
    readonly IDocumentStore store;

    /// <param name="options">Pricing options (default: the defaults with a run schedule).</param>
    /// <param name="wrap">A decorator the domain sees the store through (e.g. a <see cref="Commerce.Testing.CountingDocumentStore"/>).</param>
    public PricingStore(PricingOptions? options = null, Func<IDocumentStore, IDocumentStore>? wrap = null)
    {
        sqlite = new SqliteDocumentStore(dataPath);
        store = wrap?.Invoke(sqlite) ?? sqlite;
        var settings = Options.Create(options ?? new PricingOptions { RunSchedule = "0 0 4 * * *" });
        Demand = new DemandSignals(store, settings, TimeProvider.System);
        Models = new PriceModels(store, Demand, settings, TimeProvider.System);
        var index = new CategoryIndex(store);
        Pricing = new PricingService(store, Notified, index, TimeProvider.System);
        Runs = new PricingRuns(store, Pricing, new CompetitorPrices(store, settings, index, TimeProvider.System), index, Models, Demand, settings);
    }

    public IDocumentStore Store => store;

    public RecordingNotifier Notified { get; } = new();

    public DemandSignals Demand { get; }

    public PriceModels Models { get; }

    public PricingService Pricing { get; }

    public PricingRuns Runs { get; }

    public async Task<long> AppliedPriceAsync(string sku, string currency, CancellationToken cancellationToken)
        => (await store.Container<AppliedPrice>(AppliedPrice.Container).ReadAsync(sku, sku, cancellationToken))?.Value.Prices.GetValueOrDefault(currency)
            ?? (await store.Container<SkuSnapshot>(SkuSnapshot.Container).ReadAsync(sku, sku, cancellationToken))!.Value.Prices[currency];

    public void Dispose()
    {
        sqlite.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataPath))
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    public sealed class RecordingNotifier : IAppliedPriceNotifier
    {
        public List<string> Skus { get; } = [];

        public Task NotifyAsync(string sku, CancellationToken cancellationToken = default)
        {
            lock (Skus)
            {
                Skus.Add(sku);
            }

            return Task.CompletedTask;
        }
    }
}
