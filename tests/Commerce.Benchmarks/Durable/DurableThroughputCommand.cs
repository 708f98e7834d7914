using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Commerce.DevHost.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Commerce.Benchmarks.Durable;

/// <summary>
/// <c>durable</c>: runs <see cref="SagaWorkload"/> N times at concurrency C through the stock
/// in-memory engine (<c>AddInMemoryDurableTask</c>, capped at a time budget because it crawls) and
/// then through the dev host's engine (<c>AddDevHostDurableTask</c>), and compares them.
/// A plain measured run, not a BenchmarkDotNet benchmark: one saga is seconds of wall time on
/// the stock engine, far outside what BenchmarkDotNet's iterations are built for.
/// </summary>
internal static class DurableThroughputCommand
{
    private sealed record Settings(int Sagas, int Concurrency, TimeSpan BaselineBudget, TimeSpan Budget, int MaxConcurrentWorkItems, bool SkipBaseline);

    private sealed record RunResult(
        string Engine, int Attempted, IReadOnlyList<TimeSpan> Latencies, int Failed, long Activities, TimeSpan Elapsed, bool BudgetExhausted)
    {
        public int Completed => Latencies.Count;

        public double SagasPerSecond => Completed / Elapsed.TotalSeconds;

        public double ActivitiesPerSecond => Activities / Elapsed.TotalSeconds;
    }

    private const string Usage = """
        usage: durable [--sagas N] [--concurrency C] [--baseline-budget SECONDS] [--budget SECONDS]
                       [--max-concurrent-work-items N] [--skip-baseline]
          --sagas                       sagas to run per engine (default 200)
          --concurrency                 sagas in flight at once (default 200)
          --baseline-budget             wall-clock cap for the stock engine (default 30)
          --budget                      wall-clock cap for the dev host engine (default 120)
          --max-concurrent-work-items   DevHostDurableOptions.MaxConcurrentWorkItems (default 1000)
          --skip-baseline               only run the dev host engine
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, out var settings, out var error))
        {
            await Console.Error.WriteLineAsync(error);
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        PrintMachine(settings);

        RunResult? baseline = null;
        if (!settings.SkipBaseline)
        {
            baseline = await MeasureAsync(
                "stock AddInMemoryDurableTask",
                (services, progress) => services.AddInMemoryDurableTask(tasks => SagaWorkload.Register(tasks, progress)),
                settings with { Budget = settings.BaselineBudget });
            Print(baseline);
        }

        var devHost = await MeasureAsync(
            "AddDevHostDurableTask",
            (services, progress) => services.AddDevHostDurableTask(
                tasks => SagaWorkload.Register(tasks, progress),
                options => options.MaxConcurrentWorkItems = settings.MaxConcurrentWorkItems),
            settings);
        Print(devHost);

        if (baseline is not null)
        {
            Console.WriteLine();
            Console.WriteLine(baseline.Completed > 0
                ? string.Create(CultureInfo.InvariantCulture, $"ratio, sagas/s (dev host / stock): {devHost.SagasPerSecond / baseline.SagasPerSecond:F0}x")
                : "ratio, sagas/s (dev host / stock): undefined, the stock engine completed no saga within its budget");
            if (baseline.Activities > 0)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"ratio, activities/s (dev host / stock): {devHost.ActivitiesPerSecond / baseline.ActivitiesPerSecond:F0}x"));
            }
        }

        return devHost.Failed == 0 && devHost.Completed == devHost.Attempted ? 0 : 1;
    }

    private static async Task<RunResult> MeasureAsync(string engine, Action<IServiceCollection, SagaProgress> addEngine, Settings settings)
    {
        Console.WriteLine();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"== {engine}: {settings.Sagas} sagas, {settings.Concurrency} at once, budget {settings.Budget.TotalSeconds:F0} s"));

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Error);

        // Stopping a host with work still in flight (the stock engine, always) makes the worker log
        // every cancelled gRPC call as an error. Correctness is checked from each saga's output instead.
        builder.Logging.AddFilter("Microsoft.DurableTask", LogLevel.Critical);
        var progress = new SagaProgress();
        addEngine(builder.Services, progress);
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        // Warm-up outside the measurement: connection, JIT, first replay.
        using (var warmUp = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            var id = await client.ScheduleNewOrchestrationInstanceAsync(SagaWorkload.Orchestration, "warm-up", warmUp.Token);
            await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: false, warmUp.Token);
        }

        var activitiesBefore = progress.Activities;
        var latencies = new List<TimeSpan>(settings.Sagas);
        var failed = 0;
        using var budget = new CancellationTokenSource(settings.Budget);
        using var gate = new SemaphoreSlim(settings.Concurrency);
        var clock = Stopwatch.StartNew();

        async Task RunOneAsync(int index)
        {
            try
            {
                await gate.WaitAsync(budget.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                var started = Stopwatch.GetTimestamp();
                var id = await client.ScheduleNewOrchestrationInstanceAsync(
                    SagaWorkload.Orchestration, $"order-{index}", budget.Token);
                var state = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, budget.Token);
                var latency = Stopwatch.GetElapsedTime(started);
                lock (latencies)
                {
                    if (state.RuntimeStatus == OrchestrationRuntimeStatus.Completed
                        && state.ReadOutputAs<int>() == SagaWorkload.StepCount)
                    {
                        latencies.Add(latency);
                    }
                    else
                    {
                        failed++;
                    }
                }
            }
            catch (OperationCanceledException) when (budget.IsCancellationRequested)
            {
                // Out of budget: the saga counts as not completed.
            }
            finally
            {
                gate.Release();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, settings.Sagas).Select(RunOneAsync));
        var elapsed = clock.Elapsed;
        var exhausted = budget.IsCancellationRequested;
        var activities = progress.Activities - activitiesBefore;

        // The stock engine may still hold work in flight; don't let its shutdown stall the run.
        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await host.StopAsync(stopTimeout.Token);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("   (host did not stop within 10 s)");
        }

        return new RunResult(engine, settings.Sagas, latencies, failed, activities, exhausted ? settings.Budget : elapsed, exhausted);
    }

    private static void Print(RunResult result)
    {
        var sorted = result.Latencies.Order().ToArray();
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"   completed {result.Completed}/{result.Attempted} (failed {result.Failed}) in {result.Elapsed.TotalSeconds:F2} s{(result.BudgetExhausted ? " (budget exhausted)" : "")}");
        Console.WriteLine(line);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"   throughput: {result.SagasPerSecond:F2} sagas/s; {result.Activities} activities run, {result.ActivitiesPerSecond:F1}/s"));
        if (sorted.Length > 0)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"   latency ms: p50 {Percentile(sorted, 50):F0}  p95 {Percentile(sorted, 95):F0}  p99 {Percentile(sorted, 99):F0}  max {sorted[^1].TotalMilliseconds:F0}"));
        }
    }

    /// <summary>Nearest-rank percentile of an ascending array, in milliseconds.</summary>
    private static double Percentile(TimeSpan[] sorted, int percentile)
    {
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)].TotalMilliseconds;
    }

    private static void PrintMachine(Settings settings)
    {
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"machine: {Environment.ProcessorCount} logical processors, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}"));
        var processorCountOverride = Environment.GetEnvironmentVariable("DOTNET_PROCESSOR_COUNT");
        if (!string.IsNullOrEmpty(processorCountOverride))
        {
            Console.WriteLine($"warning: DOTNET_PROCESSOR_COUNT={processorCountOverride} is set; the stock baseline is not the out-of-the-box one");
        }

#if DEBUG
        Console.WriteLine("warning: Debug build; run with -c Release for numbers worth recording");
#endif
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"settings: sagas {settings.Sagas}, concurrency {settings.Concurrency}, baseline budget {settings.BaselineBudget.TotalSeconds:F0} s, MaxConcurrentWorkItems {settings.MaxConcurrentWorkItems}"));
    }

    private static bool TryParse(string[] args, out Settings settings, out string error)
    {
        settings = new Settings(200, 200, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(120), 1000, SkipBaseline: false);
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--skip-baseline")
            {
                settings = settings with { SkipBaseline = true };
                continue;
            }

            if (args[i] is not ("--sagas" or "--concurrency" or "--baseline-budget" or "--budget" or "--max-concurrent-work-items"))
            {
                error = $"unknown option '{args[i]}'";
                return false;
            }

            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                error = $"'{args[i]}' needs a positive whole number after it";
                return false;
            }

            switch (args[i])
            {
                case "--sagas": settings = settings with { Sagas = value }; break;
                case "--concurrency": settings = settings with { Concurrency = value }; break;
                case "--baseline-budget": settings = settings with { BaselineBudget = TimeSpan.FromSeconds(value) }; break;
                case "--budget": settings = settings with { Budget = TimeSpan.FromSeconds(value) }; break;
                default: settings = settings with { MaxConcurrentWorkItems = value }; break;
            }

            i++;
        }

        return true;
    }
}
