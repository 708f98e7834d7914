using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Commerce.Recommendations.Interactions;
using Commerce.Recommendations.Serving;
using Commerce.Recommendations.Training;
using Commerce.ServiceDefaults;

namespace Commerce.Recommendations.Evaluation;

/// <summary>
/// <c>dotnet run -c Release --project tests/Commerce.Recommendations.Evaluation -- [--interactions 1000000] [--seed 42]
/// [--holdout-days 7] [--users 5000] [--rankers fasttree,lightgbm] (the first is the served one: latency and full training) [--latency-requests 20000] [--out recommendations-evaluation.json]</c>
/// </summary>
public static class EvaluationCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Parse(args);
        int interactions = options.Int("interactions", 1_000_000), seed = options.Int("seed", 42), holdoutDays = options.Int("holdout-days", 7);
        int maxUsers = options.Int("users", 5_000), latencyRequests = options.Int("latency-requests", 20_000);
        var rankers = options.Get("rankers", "fasttree,lightgbm").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(r => Enum.Parse<RankerKind>(r, ignoreCase: true)).Where(r => r != RankerKind.None).ToList();
        var output = options.Get("out", "recommendations-evaluation.json");

        var stopwatch = Stopwatch.StartNew();
        var data = DemoDataGenerator.Generate(new DemoDataOptions { Seed = seed, Interactions = interactions });
        var generateSeconds = stopwatch.Elapsed.TotalSeconds;
        var split = HoldoutSplit.Temporal(data.Interactions, holdoutDays);
        var targets = OfflineEvaluation.Targets(split, maxUsers);
        var catalog = data.Products.Count;
        Console.WriteLine($"Demo data: {data.Interactions.Count:N0} interactions, {catalog:N0} products, {data.Customers.Count:N0} customers (seed {seed}, generated in {generateSeconds:F1} s)");
        Console.WriteLine($"Hold-out: last {holdoutDays} days from {split.Cutoff:u}: train {split.Train.Count:N0}, test {split.Test.Count:N0}; evaluated shoppers {targets.Count:N0}");

        var history = new InteractionHistory(split.Train);
        var popularity = new InteractionHistory(split.Train, trendingDays: 100_000); // All-time weighted popularity.
        var rows = new List<EvaluationRow>
        {
            await OfflineEvaluation.EvaluateAsync("popularity (baseline)", Serve(null, history, popularity), targets, catalog),
            await OfflineEvaluation.EvaluateAsync("trending, last 7 days", Serve(null, history, history), targets, catalog),
        };

        var trainings = new Dictionary<string, double>(StringComparer.Ordinal);
        var models = new Dictionary<RankerKind, RecommendationModel>();
        foreach (var kind in rankers)
        {
            var model = new RecommendationTrainer(new TrainingOptions { Ranker = kind, Seed = seed }).Train(split.Train, data.ProductsById);
            models[kind] = model;
            trainings[$"{kind} on train split ({split.Train.Count} interactions)"] = model.Metadata.TrainingSeconds;
            Console.WriteLine($"trained {kind} in {model.Metadata.TrainingSeconds:F1} s (fit {model.Metadata.Metrics.GetValueOrDefault("seconds.rankerFit"):F1} s, served tables {model.Metadata.Metrics["seconds.servedTables"]:F1} s)");
            if (rows.Count == 2)
            {
                rows.Add(await OfflineEvaluation.EvaluateAsync("item-item co-occurrence", Serve(model.WithoutRanker(), history, history), targets, catalog));
            }

            rows.Add(await OfflineEvaluation.EvaluateAsync($"co-occurrence + {kind} ranker", Serve(model, history, history), targets, catalog));
        }

        var baseline = rows[0];
        Console.WriteLine();
        Console.WriteLine($"{"recommender",-34} {"users",6} {"HitRate@10",11} {"x pop",6} {"NDCG@10",8} {"x pop",6} {"coverage",9}");
        foreach (var row in rows)
        {
            Console.WriteLine($"{row.Name,-34} {row.Users,6} {row.HitRate,11:F4} {row.HitRate / baseline.HitRate,6:F2} {row.Ndcg,8:F4} {row.Ndcg / baseline.Ndcg,6:F2} {row.Coverage,9:P1}");
        }

        // Serving latency in process: the served model vs the popularity fallback (no model), same shoppers.
        var served = models.Count > 0 ? models[rankers[0]] : null;
        var latency = new Dictionary<string, LatencyFigures>(StringComparer.Ordinal)
        {
            ["popularity fallback (no model)"] = await MeasureAsync(Serve(null, history, popularity), targets, latencyRequests, related: false),
        };
        if (served is not null)
        {
            latency[$"personal ({served.Metadata.Algorithm})"] = await MeasureAsync(Serve(served, history, history), targets, latencyRequests, related: false);
            latency["personal (co-occurrence order, no ranker)"] = await MeasureAsync(Serve(served.WithoutRanker(), history, history), targets, latencyRequests, related: false);
            latency["related (co-occurrence neighbours)"] = await MeasureAsync(Serve(served, history, history), targets, latencyRequests, related: true);
        }

        Console.WriteLine();
        Console.WriteLine($"{"serving, in process, one caller",-60} {"requests",9} {"p50 ms",8} {"p99 ms",8} {"p99.9 ms",9} {"cpu p99 ms",11} {"gen0 GCs",9}");
        foreach (var (name, figures) in latency)
        {
            Console.WriteLine($"{name,-60} {figures.Requests,9} {figures.P50Milliseconds,8:F3} {figures.P99Milliseconds,8:F3} {figures.P999Milliseconds,9:F3} {figures.CpuP99Milliseconds,11:F3} {figures.Gen0Collections,9}");
        }

        Console.WriteLine($"Load average during the run (1/5/15 min): {LoadAverage()}; cpu = the calling thread's CPU time (no scheduler waits)");

        // Training time on every generated interaction (the figure the issue asks for), served ranker.
        if (rankers.Count > 0)
        {
            var full = new RecommendationTrainer(new TrainingOptions { Ranker = rankers[0], Seed = seed }).Train(data.Interactions, data.ProductsById);
            trainings[$"{rankers[0]} on all {data.Interactions.Count} interactions"] = full.Metadata.TrainingSeconds;
            Console.WriteLine();
            Console.WriteLine($"Validation inside training (last 7 days of its window): {string.Join(", ", full.Metadata.Metrics.Select(m => $"{m.Key} = {m.Value:0.####}"))}");
        }

        Console.WriteLine();
        foreach (var (name, seconds) in trainings)
        {
            Console.WriteLine($"training {name}: {seconds:F1} s ({Environment.ProcessorCount} cores)");
        }

        var report = new
        {
            Seed = seed, Interactions = data.Interactions.Count, Products = catalog, Customers = data.Customers.Count, HoldoutDays = holdoutDays,
            split.Cutoff, TrainInteractions = split.Train.Count, TestInteractions = split.Test.Count, Rows = rows,
            HitRateVsPopularity = rows.ToDictionary(r => r.Name, r => r.HitRate / baseline.HitRate),
            TrainingSeconds = trainings, Latency = latency, Environment.ProcessorCount,
        };
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(report, new JsonSerializerOptions(CommerceJson.Options) { WriteIndented = true }));
        Console.WriteLine($"Wrote {Path.GetFullPath(output)}");
        return 0;
    }

    private static Recommender Serve(RecommendationModel? model, InteractionHistory history, ITrendingProducts trending)
    {
        var holder = new RecommendationModelHolder();
        if (model is not null)
        {
            holder.Swap(model);
        }

        return new Recommender(holder, new EverythingSellable(), history, history, trending);
    }

    private static async Task<LatencyFigures> MeasureAsync(Recommender recommender, IReadOnlyList<EvaluationTarget> targets, int requests, bool related)
    {
        var durations = new double[requests];
        var cpu = new double[requests];
        var collections = 0;
        for (var r = -Math.Min(1_000, requests); r < requests; r++) // The first thousand warm up and are not counted.
        {
            var target = targets[(r + requests) % targets.Count];
            var started = Stopwatch.GetTimestamp();
            var cpuStarted = ThreadCpu.Milliseconds();
            _ = related
                ? await recommender.RelatedAsync(target.Seen.First(), 10)
                : await recommender.RecommendForCustomerAsync(Shopper.Customer(target.UserId), 10);
            if (r == 0)
            {
                collections = GC.CollectionCount(0);
            }

            if (r >= 0)
            {
                durations[r] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                cpu[r] = ThreadCpu.Milliseconds() - cpuStarted; // The ports answer synchronously: the request ran on this thread.
            }
        }

        Array.Sort(durations);
        Array.Sort(cpu);
        return new LatencyFigures(
            requests, durations[requests / 2], durations[(int)(requests * 0.99)], durations[(int)(requests * 0.999)],
            cpu[(int)(requests * 0.99)], GC.CollectionCount(0) - collections);
    }

    private sealed record LatencyFigures(int Requests, double P50Milliseconds, double P99Milliseconds, double P999Milliseconds, double CpuP99Milliseconds, int Gen0Collections);

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    private static Dictionary<string, string> Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return values;
    }

    private static int Int(this Dictionary<string, string> values, string name, int fallback) =>
        values.TryGetValue(name, out var v) ? int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture) : fallback;

    private static string Get(this Dictionary<string, string> values, string name, string fallback) => values.GetValueOrDefault(name, fallback);
}
