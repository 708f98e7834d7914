using Commerce.Testing;

namespace Commerce.Simulator.Tests;

/// <summary>The simulator's one command, briefly, against a freshly started dev host (its own process).</summary>
public sealed class SimulatorRunTests
{
#if DEBUG
    const string Configuration = "Debug";
#else
    const string Configuration = "Release";
#endif

    /// <summary>Once per document store adapter: the embedded SQLite store, and every app on the Cosmos DB server.</summary>
    [Theory]
    [InlineData(DocumentProvider.Sqlite)]
    [InlineData(DocumentProvider.Cosmos)]
    public async Task A_short_run_against_a_fresh_dev_host_buys_ships_and_keeps_every_invariant(DocumentProvider documents)
    {
        var output = Path.Combine(Path.GetTempPath(), "commerce-simulator-tests", Guid.NewGuid().ToString("N"));
        var options = new SimulatorOptions { Duration = TimeSpan.FromSeconds(15), Shoppers = 10, Skus = 8, CatalogProducts = 50, OutputDirectory = output, Documents = documents };

        var report = await SimulatorRun.RunAsync(options, Configuration, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(report.Passed, string.Join(Environment.NewLine, report.Violations.Take(20)));
        Assert.All(report.Invariants, i => Assert.True(i.Held, i.Name));
        Assert.True(report.Checkouts.Accepted > 0, "no checkout was accepted");
        Assert.Contains(report.Stock, s => s.Sold > 0);
        Assert.True(report.ShipmentsConfirmed > 0, "no shipment was confirmed");
        Assert.True(File.Exists(Path.Combine(output, "report.json")) && File.Exists(Path.Combine(output, "report.md")) && File.Exists(Path.Combine(output, "latency.png")));
        Directory.Delete(output, recursive: true);
    }
}
