using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Analytics.Testing;
using Commerce.Contracts;

namespace Commerce.Benchmarks.Catalog;

/// <summary>
/// <c>catalog-experiment [--rounds 16] [--requests 20000] [--concurrency 8] [--warmup 4]</c>: product GET through the dev
/// host (Kestrel, loopback) with a price experiment running on the product, against the same GET with no experiment at
/// all, in one process. Each round measures both arms back to back (the order alternates), each after the apps have
/// re-read the running experiments; the shopper is in the non-control variant, so the "on" arm resolves the variant,
/// serves its repriced copy and has sent its exposure. The first <c>--warmup</c> rounds (JIT tiering) are left out of
/// the summary: the median of the other rounds' ratios (on / off req/s), and of their ratios of the process's CPU time
/// per request (off / on), which other processes on the machine disturb far less than the rates.
/// </summary>
internal static class ExperimentPriceCommand
{
    static readonly TimeSpan Lifetime = TimeSpan.FromMilliseconds(100);

    public static async Task<int> RunAsync(string[] args)
    {
        int rounds = CommandOptions.Int(args, "rounds", 16), requests = CommandOptions.Int(args, "requests", 20_000), concurrency = CommandOptions.Int(args, "concurrency", 8), warmup = CommandOptions.Int(args, "warmup", 4);
        await using var server = await DevHostServer.StartAsync(new Dictionary<string, string?>
        {
            ["Catalog:Demo:Products"] = "50",
            [LivePriceExperiments.LifetimeSetting] = Lifetime.ToString(),
        });
        using var staff = new HttpClient { BaseAddress = server.Address };
        staff.DefaultRequestHeaders.Add("x-functions-key", server.AdminKey);
        using var shopper = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = server.Address };
        const string productId = "demo-000001";
        var product = await shopper.GetFromJsonAsync<JsonElement>($"api/products/{productId}");
        var sku = product.GetProperty("variants")[0].GetProperty("sku").GetString()!;
        var usual = product.GetProperty("variants")[0].GetProperty("prices").GetProperty("USD").GetInt64();
        Console.WriteLine($"product {productId}, SKU {sku}, usual price {usual} USD; {requests:N0} GETs per arm and round, {concurrency} at once, {Environment.ProcessorCount} cores");

        var ratios = new List<double>();
        var cpuRatios = new List<double>();
        var session = "bench-session";
        for (var round = 1; round <= rounds; round++)
        {
            double on = 0, off = 0, onCpu = 0, offCpu = 0;
            foreach (var running in round % 2 == 0 ? new[] { true, false } : [false, true])
            {
                string? experiment = null;
                if (running)
                {
                    experiment = await StartAsync(staff, sku);
                    session = SessionIn(experiment);
                }

                await Task.Delay(Lifetime * 3);
                var price = (await GetAsync(shopper, productId, session)).GetProperty("variants")[0].GetProperty("prices").GetProperty("USD").GetInt64();
                if (price != (running ? LivePriceVariant.Price(usual, 9_000) : usual))
                {
                    throw new InvalidOperationException($"round {round}: the shopper saw {price} with the experiment {(running ? "running" : "off")}");
                }

                var (rate, cpu) = await MeasureAsync(shopper, productId, session, requests, concurrency);
                (on, off, onCpu, offCpu) = running ? (rate, off, cpu, offCpu) : (on, rate, onCpu, cpu);
                if (experiment is not null)
                {
                    (await staff.PostAsync($"api/admin/experiments/{experiment}/stop", null)).EnsureSuccessStatusCode();
                }
            }

            var (ratio, cpuRatio) = (on / off, offCpu / onCpu);
            if (round > warmup)
            {
                ratios.Add(ratio);
                cpuRatios.Add(cpuRatio);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round,2}{(round <= warmup ? " (warm-up)" : string.Empty)}: no experiment {off,9:F0} req/s {offCpu,6:F1} CPU us/req, experiment running {on,9:F0} req/s {onCpu,6:F1} CPU us/req; ratio {ratio:F3} (req/s), {cpuRatio:F3} (CPU)"));
        }

        foreach (var (name, values) in new[] { ("req/s, on / off", ratios), ("CPU per request, off / on", cpuRatios) })
        {
            var sorted = values.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rounds {warmup + 1}-{rounds}, ratio of {name}: median {sorted[sorted.Length / 2]:F3}, min {sorted[0]:F3}, max {sorted[^1]:F3}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        return 0;
    }

    static async Task<string> StartAsync(HttpClient staff, string sku)
    {
        using var created = await staff.PostAsJsonAsync("api/admin/experiments", new
        {
            name = "benchmark -10 %",
            variants = new object[] { new { name = "control", multiplierBasisPoints = 10_000, weight = 50 }, new { name = "minus10", multiplierBasisPoints = 9_000, weight = 50 } },
            skus = new[] { sku },
        });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>A session the experiment shows its non-control variant.</summary>
    static string SessionIn(string experiment)
    {
        for (var i = 0; ; i++)
        {
            var session = "bench-" + i.ToString(CultureInfo.InvariantCulture);
            if (LivePriceExperiment.Assign(experiment, ExperimentShoppers.Of(null, session)!, [50, 50]) == 1)
            {
                return session;
            }
        }
    }

    static async Task<JsonElement> GetAsync(HttpClient client, string productId, string session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/products/{productId}");
        request.Headers.Add(ExperimentShoppers.SessionHeader, session);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>
    /// Product GETs per second, <paramref name="requests"/> in all, <paramref name="concurrency"/> at once, and this
    /// process's CPU time per GET (server and client: the dev host runs in this process) in microseconds.
    /// </summary>
    static async Task<(double Rate, double CpuMicroseconds)> MeasureAsync(HttpClient client, string productId, string session, int requests, int concurrency)
    {
        var left = requests;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Decrement(ref left) >= 0)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"api/products/{productId}");
                request.Headers.Add(ExperimentShoppers.SessionHeader, session);
                using var response = await client.SendAsync(request);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
            }
        }));
        var elapsed = clock.Elapsed;
        return (requests / elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / requests);
    }
}
