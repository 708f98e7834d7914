using System.Diagnostics;
using System.Globalization;
using Commerce.Analytics.Testing;
using Commerce.Benchmarks.Orders;
using Commerce.Documents;
using Commerce.Pricing.Domain;
using Commerce.Pricing.UnitTests;
using Commerce.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Commerce.Benchmarks.Pricing;

/// <summary>
/// <c>pricing-run</c>: the whole pricing run (the <c>PricingRun</c> orchestration the timer starts: per category, retrain
/// the price model on the category's history, then propose a price for every SKU) on the dev host, in process, with its
/// embedded store (SQLite in a fresh data folder) and its durable engine. The catalog snapshots, stock, costs,
/// guardrails, price changes and daily demand of <c>--skus</c> SKUs in <c>--categories</c> categories
/// (<see cref="PriceSensitiveMarket"/>, <c>--days</c> days of history, approval mode: every SKU gets a pending proposal)
/// are seeded first (not timed); then the run is timed. The baseline is the same run over <c>--baseline-skus</c> SKUs,
/// in the same process, so the two show how the run scales. With <c>--profile</c> the store is wrapped in a
/// <see cref="CountingDocumentStore"/> and every category's part of the run (<see cref="PricingRuns.RunCategoryAsync"/>)
/// runs at once straight on the domain (no durable engine), timed with its store calls per SKU.
/// </summary>
internal static class PricingRunCommand
{
    const string Usage = "usage: pricing-run [--skus 100000] [--baseline-skus 10000] [--categories 20] [--days 28] [--seed-parallelism 4] [--profile]";

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = new Dictionary<string, int> { ["--skus"] = 100_000, ["--baseline-skus"] = 10_000, ["--categories"] = 20, ["--days"] = 28, ["--seed-parallelism"] = 4 };
        var profile = args.Contains("--profile");
        args = [.. args.Where(a => a != "--profile")];
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!settings.ContainsKey(args[i]) || i + 1 >= args.Length || !int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                await Console.Error.WriteLineAsync(Usage);
                return 2;
            }

            settings[args[i]] = value;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pricing run on the dev host (SQLite store, dev host durable engine), {Environment.ProcessorCount} cores, {settings["--categories"]} categories, {settings["--days"]} days of history"));
        var baseline = await MeasureAsync(settings["--baseline-skus"], settings, profile);
        var full = await MeasureAsync(settings["--skus"], settings, profile);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio, wall time ({full.Skus:N0} / {baseline.Skus:N0} SKUs): {full.Elapsed.TotalSeconds / baseline.Elapsed.TotalSeconds:F1}x for {(double)full.Skus / baseline.Skus:F0}x the SKUs"));
        Console.WriteLine(full.Skus < 100_000 ? "target (100,000 SKUs in <= 60 s): not measured (fewer SKUs)" : full.Elapsed <= TimeSpan.FromSeconds(60) ? "target (100,000 SKUs in <= 60 s): met" : "target (100,000 SKUs in <= 60 s): NOT met");
        return full.Proposed > 0 ? 0 : 1;
    }

    sealed record Measurement(int Skus, TimeSpan Elapsed, int Proposed);

    static async Task<Measurement> MeasureAsync(int skus, IReadOnlyDictionary<string, int> settings, bool profile)
    {
        var categories = settings["--categories"];
        var elasticities = Enumerable.Range(0, categories).ToDictionary(c => $"bench-{c:D2}", c => -1.5 - (2.5 * c / Math.Max(1, categories - 1)));
        var market = new PriceSensitiveMarket(seed: 42, elasticities, skusPerCategory: skus / categories);
        await using var host = await DevHostServer.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Error" }, profile ? CountStoreCalls : null);
        var seeding = Stopwatch.StartNew();
        await market.SeedConcurrentlyAsync(host.Services.GetRequiredService<IDocumentStore>(), settings["--days"], ApprovalMode.Approval, settings["--seed-parallelism"], CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  seeded {market.Products.Count:N0} SKUs in {seeding.Elapsed.TotalSeconds:F1} s"));

        if (profile)
        {
            return await ProfileAsync(host.Services, market.Products.Count);
        }

        var durable = host.Services.GetRequiredService<DurableTaskClient>();
        var (run, cpu) = (Stopwatch.StartNew(), Process.GetCurrentProcess().TotalProcessorTime);
        var instanceId = await durable.ScheduleNewOrchestrationInstanceAsync("PricingRun");
        var state = await durable.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true);
        run.Stop();
        if (state.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"The pricing run ended {state.RuntimeStatus}: {state.FailureDetails?.ErrorMessage}");
        }

        var results = state.ReadOutputAs<CategoryRunResult[]>() ?? [];
        var (priced, proposed) = (results.Sum(r => r.Skus), results.Sum(r => r.Proposed));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {market.Products.Count:N0} SKUs: pricing run {run.Elapsed.TotalSeconds:F1} s ({results.Length} categories, {priced:N0} SKUs priced, {proposed:N0} proposals; {priced / run.Elapsed.TotalSeconds:N0} SKUs/s), {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s CPU, load {OrdersCommand.LoadAverage()}"));
        return new Measurement(market.Products.Count, run.Elapsed, proposed);
    }

    static void CountStoreCalls(WebApplicationBuilder builder)
    {
        var store = builder.Services.Last(d => d.ServiceType == typeof(IDocumentStore));
        builder.Services.AddSingleton(sp => new CountingDocumentStore(store.ImplementationInstance as IDocumentStore ?? (IDocumentStore)store.ImplementationFactory!(sp)));
        builder.Services.Replace(ServiceDescriptor.Singleton<IDocumentStore>(sp => sp.GetRequiredService<CountingDocumentStore>()));
    }

    /// <summary>The run straight on the domain, timed (wall and process CPU) with its store calls per SKU.</summary>
    static async Task<Measurement> ProfileAsync(IServiceProvider services, int skus)
    {
        var (runs, counting) = (services.GetRequiredService<PricingRuns>(), services.GetRequiredService<CountingDocumentStore>());
        var categories = await runs.CategoriesAsync();
        counting.Reset();
        var (wall, cpu) = (Stopwatch.StartNew(), Process.GetCurrentProcess().TotalProcessorTime);
        var results = await Task.WhenAll(categories.Select(async category => (await runs.RunCategoryAsync(category, "profile")).Result));
        var total = wall.Elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  read, train and propose per category: {total.TotalSeconds:F1} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s CPU, load {OrdersCommand.LoadAverage()}"));
        counting.Print(skus, "SKU");

        var proposed = results.Sum(r => r.Proposed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {skus:N0} SKUs: run {total.TotalSeconds:F1} s ({results.Sum(r => r.Skus):N0} SKUs priced, {proposed:N0} proposals; {skus / total.TotalSeconds:N0} SKUs/s)"));
        return new Measurement(skus, total, proposed);
    }
}
