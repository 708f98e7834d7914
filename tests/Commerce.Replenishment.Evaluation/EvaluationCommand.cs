using System.Diagnostics;
using System.Globalization;
using Commerce.Replenishment.Domain;

namespace Commerce.Replenishment.Evaluation;

/// <summary>
/// <c>backtest [--skus 200] [--origins 8] [--top 100] [--blind true]</c>: rolling-origin WAPE of the forecaster and the
/// seasonal-naive baseline on simulated demand and on the UCI Online Retail log, each pair from the same run; with
/// <c>--blind true</c> the simulated series are also run without their clickstream, and without it and the promotion calendar.
/// <c>quarter [--skus 100] [--lead-time 5]</c>: the simulated quarter, forecast-driven vs fixed reorder points.
/// <c>benchmark [--series 100000] [--partition 1000]</c>: the nightly run's time (build Release).
/// </summary>
public static class EvaluationCommand
{
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var command = args.Length > 0 ? args[0] : "backtest";
        var options = Options(args.Skip(1).ToArray());
        switch (command)
        {
            case "backtest":
                var forecaster = new ForecasterOptions { LogTarget = options.GetValueOrDefault("log-target", "true") == "true" };
                if (options.GetValueOrDefault("data", "both") != "real")
                {
                    var simulated = SimulatedSeries(Int(options, "skus", 200));
                    Backtest("simulated", simulated, Int(options, "origins", 8), forecaster);
                    if (options.GetValueOrDefault("blind", "false") == "true")
                    {
                        Backtest("simulated without clickstream", [.. simulated.Select(s => s with { Clickstream = null })], Int(options, "origins", 8), forecaster);
                        Backtest("simulated without clickstream or promotion calendar", [.. simulated.Select(s => s with { Clickstream = null, Promotions = new bool[s.Promotions.Length] })], Int(options, "origins", 8), forecaster);
                    }
                }

                if (options.GetValueOrDefault("data", "both") != "simulated")
                {
                    Backtest("online-retail", OnlineRetailDemand.Read(options.GetValueOrDefault("real-data", OnlineRetailDemand.DefaultPath), Int(options, "top", 100)), Int(options, "origins", 8), forecaster);
                }

                return 0;
            case "quarter":
                var (forecast, fixedPoint) = QuarterSimulation.Run(Int(options, "skus", 100), Int(options, "lead-time", 5), ReplenishmentLimits.DefaultServiceLevel);
                foreach (var outcome in new[] { forecast, fixedPoint })
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{outcome.Policy}: {outcome.StockoutDays} stockout days, average inventory {outcome.AverageInventory:F1} units per SKU x warehouse, fill rate {outcome.FillRate:P2}"));
                }

                return 0;
            case "benchmark":
                var run = NightlyBenchmark.Run(Int(options, "series", 100_000), Int(options, "partition", 1_000));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"nightly run: {run.Series} series in {run.Partitions} partitions; generate {run.Generate.TotalSeconds:F1} s (not part of the run), train {run.Train.TotalSeconds:F1} s on {run.TrainingRows} rows, plan {run.Plan.TotalSeconds:F1} s ({run.LevelsComputed} levels); run total {(run.Train + run.Plan).TotalSeconds:F1} s, CPU {run.RunCpu.TotalSeconds:F1} s; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
                return 0;
            default:
                Console.Error.WriteLine("Commands: backtest, quarter, benchmark");
                return 2;
        }
    }

    public static IReadOnlyList<DemandSeries> SimulatedSeries(int skus) =>
        DemandSimulation.Generate(new DemandSimulationOptions { Skus = skus, Days = 364 });

    private static void Backtest(string name, IReadOnlyList<DemandSeries> series, int origins, ForecasterOptions forecaster)
    {
        var clock = Stopwatch.StartNew();
        var last = series.Max(s => s.DateOf(s.LastDay));
        var result = RollingOriginBacktest.Run(series, RollingOriginBacktest.WeeklyOrigins(last, origins), forecaster);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {series.Count} series, {result.Origins} weekly origins, {result.ForecastDays} forecast days: WAPE model {result.ModelWape:P1}, seasonal-naive {result.BaselineWape:P1}, {result.Improvement:P1} lower ({clock.Elapsed.TotalSeconds:F1} s)"));
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        return options;
    }

    private static int Int(Dictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
