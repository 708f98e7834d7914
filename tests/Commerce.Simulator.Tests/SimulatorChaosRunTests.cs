namespace Commerce.Simulator.Tests;

/// <summary>
/// The chaos mix, briefly, against a fresh dev host: double submits, two tabs, promotion rushes, late level drops,
/// returns and cancels after fulfilment, with every integrity invariant holding (issue 13).
/// </summary>
[Trait("Issue", "13")]
public sealed class SimulatorChaosRunTests
{
#if DEBUG
    const string Configuration = "Debug";
#else
    const string Configuration = "Release";
#endif

    [Fact]
    public async Task A_short_chaos_run_plays_every_behaviour_and_keeps_every_invariant()
    {
        var output = Path.Combine(Path.GetTempPath(), "commerce-simulator-tests", Guid.NewGuid().ToString("N"));
        var options = new SimulatorOptions { Duration = TimeSpan.FromSeconds(15), Shoppers = 8, Skus = 8, CatalogProducts = 50, OutputDirectory = output, Chaos = true };

        var report = await SimulatorRun.RunAsync(options, Configuration, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(report.Passed, string.Join(Environment.NewLine, report.Violations.Take(20)));
        Assert.All(report.Invariants, i => Assert.True(i.Held, i.Name));
        Assert.All(["double submits", "two tabs", "level drops", "cancels after fulfilment"], b => Assert.True(report.Chaos.GetValueOrDefault(b) > 0, $"no {b}"));
        Assert.Contains(report.Chaos.Keys, k => k.StartsWith("promotion rushes", StringComparison.Ordinal));
        Assert.Contains(report.Chaos.Keys, k => k.StartsWith("returns", StringComparison.Ordinal));
        Directory.Delete(output, recursive: true);
    }
}
