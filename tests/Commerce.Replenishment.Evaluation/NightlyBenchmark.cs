using System.Diagnostics;
using Commerce.Replenishment.Domain;

namespace Commerce.Replenishment.Evaluation;

/// <summary>The nightly run's timings over many series: generate, train once, plan every partition.</summary>
public sealed record BenchmarkOutcome(int Series, int Partitions, TimeSpan Generate, TimeSpan Train, TimeSpan Plan, int TrainingRows, int LevelsComputed, TimeSpan RunCpu);

/// <summary>
/// The nightly run as the fan-out does it, in one process: half a year of simulated history for
/// <c>series</c> SKU x warehouse pairs (two warehouses), one training on the sampled series, then every partition of
/// SKUs planned (forecast, held-out errors, levels), partitions in parallel as activities would be.
/// </summary>
public static class NightlyBenchmark
{
    public static BenchmarkOutcome Run(int series, int partitionSize, ForecasterOptions? options = null)
    {
        var clock = Stopwatch.StartNew();
        var demand = DemandSimulation.Generate(new DemandSimulationOptions { Skus = series / 2, Days = 182 });
        var generated = clock.Elapsed;
        var tonight = demand[0].DateOf(demand[0].LastDay);

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        clock.Restart();
        var model = NightlyReplenishment.Train(demand, tonight, options);
        var trained = clock.Elapsed;

        clock.Restart();
        var terms = new SupplyTerms("supplier", "any", 5);
        var partitions = demand.Chunk(partitionSize).ToArray();
        var levels = 0;
        Parallel.ForEach(partitions, partition =>
        {
            var plans = NightlyReplenishment.PlanPartition(model, partition, tonight, (_, _) => terms, _ => ReplenishmentLimits.DefaultServiceLevel);
            Interlocked.Add(ref levels, plans.Count);
        });

        var planned = clock.Elapsed;
        return new BenchmarkOutcome(demand.Count, partitions.Length, generated, trained, planned, model.TrainingRows, levels, Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }
}
