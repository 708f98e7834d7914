using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Commerce.Contracts;
using Commerce.DevHost;
using Commerce.Documents;
using Commerce.Orders.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Commerce.Benchmarks.Cart;

/// <summary>
/// <c>cart-load</c>: starts the dev host on a loopback port (embedded SQLite store in a temporary folder), creates N
/// guest carts, then drives an open-loop load at a fixed rate, round-robin over the carts: first the baseline
/// (<c>GET /api/carts/{id}</c>, the priced read), then the measured call (<c>POST /api/carts/{id}/items</c> with If-Match).
/// Latency is counted from each request's scheduled start (no coordinated omission), so a backlog shows.
/// </summary>
internal static class CartLoadCommand
{
    const string Usage = "usage: cart-load [--rate 500] [--seconds 20] [--carts 1000]";

    sealed record Phase(string Name, List<double> Milliseconds, int Errors, int Stale, double AchievedRate);

    public static async Task<int> RunAsync(string[] args)
    {
        int rate = 500, seconds = 20, carts = 1000;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--rate": rate = value; break;
                case "--seconds": seconds = value; break;
                case "--carts": carts = value; break;
                default: await Console.Error.WriteLineAsync(Usage); return 2;
            }
        }

        var dataPath = Directory.CreateTempSubdirectory("cart-load-").FullName;
        var builder = WebApplication.CreateBuilder([]);
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["DevHost:DataPath"] = dataPath;
        builder.Configuration[PaymentTokenOptions.Setting] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)); // the run's own
        builder.AddCommerceDevHost();
        await using var app = builder.Build();
        app.MapCommerceDevHost();
        await app.StartAsync();
        var address = app.Urls.First();
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var skus = Enumerable.Range(0, 40).Select(i => $"LOAD-{i:00}").ToList();
        foreach (var sku in skus)
        {
            await store.Container<SkuSnapshot>(SkuSnapshot.Container).UpsertAsync(sku, sku, new SkuSnapshot { Sku = sku, ProductId = sku, Name = sku, Status = SkuStatus.Active, Prices = new Dictionary<string, long> { ["EUR"] = 1000 + skus.IndexOf(sku) }, WeightGrams = 100 });
            await store.Container<SkuInventory>(SkuInventory.Container).UpsertAsync(sku, sku, new SkuInventory { Sku = sku, Warehouses = [new WarehouseStock("w1", 1_000_000, 0)] });
        }

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4096, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = new Uri(address) };
        var state = new (string Id, string Token, string ETag)[carts];
        for (var i = 0; i < carts; i++)
        {
            using var created = await http.PostAsJsonAsync("/api/carts", new { currency = "EUR" });
            using var body = await JsonDocument.ParseAsync(await created.Content.ReadAsStreamAsync());
            state[i] = (body.RootElement.GetProperty("cartId").GetString()!, body.RootElement.GetProperty("cartToken").GetString()!, created.Headers.ETag!.Tag);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cart-load: {Environment.ProcessorCount} cores, {RuntimeInformationText()}, {carts} carts, {rate} req/s for {seconds} s per phase, dev host at {address}"));
        await RunPhaseAsync("warm-up GET", http, state, rate, 3, add: false);
        var baseline = await RunPhaseAsync("GET /api/carts/{id} (baseline)", http, state, rate, seconds, add: false);
        var addLine = await RunPhaseAsync("POST /api/carts/{id}/items", http, state, rate, seconds, add: true);
        Print(baseline);
        Print(addLine);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio p99 add-line / GET: {Percentile(addLine.Milliseconds, 99) / Percentile(baseline.Milliseconds, 99):F2}x"));
        await app.StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataPath, recursive: true);
        return addLine.Errors == 0 ? 0 : 1;
    }

    static async Task<Phase> RunPhaseAsync(string name, HttpClient http, (string Id, string Token, string ETag)[] carts, int rate, int seconds, bool add)
    {
        var total = rate * seconds;
        var latencies = new double[total];
        int errors = 0, stale = 0;
        var tasks = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                var cart = index % carts.Length;
                var (id, token, etag) = carts[cart];
                using var request = new HttpRequestMessage(add ? HttpMethod.Post : HttpMethod.Get, $"/api/carts/{id}" + (add ? "/items" : ""));
                request.Headers.Add("X-Cart-Token", token);
                if (add)
                {
                    request.Headers.TryAddWithoutValidation("If-Match", etag);
                    request.Content = JsonContent.Create(new { sku = $"LOAD-{index / carts.Length % 40:00}", quantity = 1 });
                }

                using var response = await http.SendAsync(request);
                latencies[index] = (clock.Elapsed - due).TotalMilliseconds;
                if (response.StatusCode == HttpStatusCode.PreconditionFailed)
                {
                    Interlocked.Increment(ref stale);
                }
                else if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }

                if (add && response.Headers.ETag is { } fresh)
                {
                    carts[cart] = (id, token, fresh.Tag);
                }
            }));
        }

        await Task.WhenAll(tasks);
        return new Phase(name, [.. latencies], errors, stale, total / clock.Elapsed.TotalSeconds);
    }

    static void Print(Phase phase) => Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{phase.Name}: {phase.Milliseconds.Count} requests at {phase.AchievedRate:F0} req/s, p50 {Percentile(phase.Milliseconds, 50):F1} ms, p90 {Percentile(phase.Milliseconds, 90):F1} ms, p99 {Percentile(phase.Milliseconds, 99):F1} ms, max {phase.Milliseconds.Max():F1} ms, errors {phase.Errors}, 412 {phase.Stale}"));

    static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
}
