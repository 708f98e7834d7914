using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Analytics.Testing;
using Commerce.Catalog.Recommendations;
using Commerce.Recommendations.Serving;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Benchmarks.Recommendations;

/// <summary>
/// <c>recommendations-serving [--requests 5000] [--sessions 50] [--products 200]</c>: serving latency in the dev host
/// (real adapters: SQLite interactions, catalog and inventory reads, the model store), after training on the demo
/// shoppers and recording each session's views through <c>POST /api/events</c>. Personal and related answers from the
/// model, each against the trending fallback (a session with no history) as the baseline, both in process (the
/// function method called directly) and over HTTP (Kestrel, loopback, sequential requests). Requests of the scenarios
/// are interleaved so they share the machine's noise.
/// </summary>
internal static class RecommendationsServingCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        int requests = CommandOptions.Int(args, "requests", 5_000), sessions = CommandOptions.Int(args, "sessions", 50), products = CommandOptions.Int(args, "products", 200);
        await using var server = await DevHostServer.StartAsync(new Dictionary<string, string?> { ["Catalog:Demo:Products"] = products.ToString(CultureInfo.InvariantCulture) });
        var training = Stopwatch.StartNew();
        var model = await server.Services.GetRequiredService<RecommendationTraining>().TrainAndPublishAsync();
        Console.WriteLine($"trained {model?.Version} on {model?.Interactions:N0} demo interactions in {training.Elapsed.TotalSeconds:F1} s");

        var random = new Random(1);
        var events = Enumerable.Range(0, sessions).SelectMany(s => Enumerable.Range(0, 3).Select(v => new
        {
            id = $"bench-{s}-{v}", type = "product_view", sessionId = $"bench-{s}",
            productId = $"demo-{random.Next(products):D6}", timestamp = DateTimeOffset.UtcNow.AddSeconds(-v),
        })).ToArray();
        (await server.Client.PostAsJsonAsync("api/events", new { events })).EnsureSuccessStatusCode();
        var deadline = Stopwatch.StartNew();
        for (var s = 0; s < sessions; s++)
        {
            while ((await server.Client.GetFromJsonAsync<JsonElement>($"api/recommendations?sessionId=bench-{s}&n=10")).GetProperty("source").GetString() != "personal")
            {
                if (deadline.Elapsed > TimeSpan.FromMinutes(3))
                {
                    throw new TimeoutException($"session bench-{s} never got personal recommendations (views recorded? catalog seeded?)");
                }

                await Task.Delay(100);
            }
        }

        var functions = ActivatorUtilities.CreateInstance<RecommendationFunctions>(server.Services);
        var scenarios = new (string Name, Func<int, Task> Run)[]
        {
            ("in process: trending fallback (baseline)", i => InProcessAsync(functions, $"sessionId=cold-{i}&n=10", null)),
            ("in process: personal (session views)", i => InProcessAsync(functions, $"sessionId=bench-{i % sessions}&n=10", null)),
            ("in process: related", i => InProcessAsync(functions, "n=10", $"demo-{i % products:D6}")),
            ("HTTP: trending fallback (baseline)", i => HttpAsync(server.Client, $"api/recommendations?sessionId=cold-{i}&n=10")),
            ("HTTP: personal (session views)", i => HttpAsync(server.Client, $"api/recommendations?sessionId=bench-{i % sessions}&n=10")),
            ("HTTP: related", i => HttpAsync(server.Client, $"api/products/demo-{i % products:D6}/related?n=10")),
        };
        var latencies = scenarios.Select(_ => new List<double>(requests)).ToArray();
        for (var i = -Math.Min(500, requests); i < requests; i++)
        {
            for (var s = 0; s < scenarios.Length; s++)
            {
                var started = Stopwatch.GetTimestamp();
                await scenarios[s].Run(Math.Abs(i));
                if (i >= 0)
                {
                    latencies[s].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }

        Console.WriteLine($"{requests:N0} requests per scenario, {sessions} sessions, {products} products, {Environment.ProcessorCount} cores");
        Console.WriteLine($"| {"scenario",-42} | p50 ms | p99 ms | p99 / baseline |");
        Console.WriteLine($"|{new string('-', 44)}|-------:|-------:|---------------:|");
        for (var s = 0; s < scenarios.Length; s++)
        {
            var baseline = Percentile(latencies[s < 3 ? 0 : 3], 0.99);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {scenarios[s].Name,-42} | {Percentile(latencies[s], 0.5),6:F3} | {Percentile(latencies[s], 0.99),6:F3} | {Percentile(latencies[s], 0.99) / baseline,14:F2} |"));
        }

        return 0;
    }

    static async Task InProcessAsync(RecommendationFunctions functions, string query, string? relatedTo)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?" + query);
        var result = relatedTo is null
            ? await functions.GetRecommendations(context.Request, CancellationToken.None)
            : await functions.GetRelatedProducts(context.Request, relatedTo, CancellationToken.None);
        if (result is not OkObjectResult)
        {
            throw new InvalidOperationException($"in process {query} {relatedTo}: {result}");
        }
    }

    static async Task HttpAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    }
}
