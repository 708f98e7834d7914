using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Contracts;
using Commerce.Orders.Checkout;
using Commerce.Orders.Domain;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Benchmarks.Orders;

/// <summary>
/// <c>orders admission</c>: does admitting a checkout get slower as the durable engine's history grows? One dev host, the
/// same paced stream of checkouts (POST /api/checkout latency, the 202) measured twice: on an empty history, then after
/// <c>--history</c> completed saga instances (the allocation saga with nothing to commit: one episode each) were added.
/// The stream is paced (<c>--rate</c> per second, below the saga throughput) so both runs take the same admission path.
/// </summary>
internal static class AdmissionCommand
{
    public static async Task<int> RunAsync(int history, int checkouts, int rate)
    {
        await using var host = await CheckoutBenchHost.StartAsync();
        var (http, carts, inventory) = (host.Http, host.Carts, host.Inventory);
        var durable = host.Services.GetRequiredService<DurableTaskClient>();

        await StreamAsync(http, carts, inventory, checkouts, rate); // warm-up: the same stream once, unmeasured
        var empty = await StreamAsync(http, carts, inventory, checkouts, rate);
        Print("empty history", empty);

        var filled = Stopwatch.StartNew();
        await FillHistoryAsync(durable, history);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"history: {history:N0} completed saga instances added in {filled.Elapsed.TotalSeconds:F0} s"));

        var full = await StreamAsync(http, carts, inventory, checkouts, rate);
        Print($"{history:N0} in history", full);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"checkout POST p99 with history / empty: ×{full.P99 / empty.P99:F2} (goal ≤ ×1.2), p50 ×{full.P50 / empty.P50:F2}, load {OrdersCommand.LoadAverage()}"));
        return 0;
    }

    sealed record Stream(int Count, double P50, double P99, double Max);

    static void Print(string label, Stream stream)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"checkout POST, {label}: {stream.Count} checkouts, p50 {stream.P50:F2} ms p99 {stream.P99:F2} ms max {stream.Max:F1} ms"));

    /// <summary>Completed orchestrations, as many checkouts' worth of history: started in batches, waited for to complete.</summary>
    static async Task FillHistoryAsync(DurableTaskClient durable, int count)
    {
        const int Batch = 500;
        for (var done = 0; done < count; done += Batch)
        {
            var ids = Enumerable.Range(done, Math.Min(Batch, count - done)).Select(i => "hist-" + i.ToString("D7", CultureInfo.InvariantCulture)).ToList();
            await Task.WhenAll(ids.Select(id => durable.ScheduleNewOrchestrationInstanceAsync(nameof(AllocationSaga), new AllocateOrderInput(id, []), new Microsoft.DurableTask.StartOrchestrationOptions { InstanceId = id })));
            await Task.WhenAll(ids.Select(id => durable.WaitForInstanceCompletionAsync(id)));
        }
    }

    /// <summary>Posts <paramref name="count"/> checkouts at <paramref name="rate"/> per second and times each POST (not the saga).</summary>
    static async Task<Stream> StreamAsync(HttpClient http, InMemoryCheckoutCarts carts, InventoryService inventory, int count, int rate)
    {
        var sku = "adm-" + Guid.NewGuid().ToString("N")[..12];
        await inventory.SeedAsync(sku, [("wh-east", count), ("wh-west", count)]);
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var posts = new List<Task>();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            var cartId = "cart-" + Guid.NewGuid().ToString("N");
            carts.Put("t", new PricedCheckoutCart(cartId, "USD", [new PricedCartLine(sku, 1, Money.Of(1000, "USD"), Money.Of(1000, "USD"))], Money.Zero("USD"), Money.Zero("USD"), Money.Zero("USD"), Money.Of(1000, "USD"), [], null));
            posts.Add(PostAsync(http, cartId, latencies));
        }

        await Task.WhenAll(posts);
        var list = latencies.ToList();
        return new Stream(list.Count, OrdersCommand.Percentile(list, 50), OrdersCommand.Percentile(list, 99), list.Max());
    }

    static async Task PostAsync(HttpClient http, string cartId, System.Collections.Concurrent.ConcurrentBag<double> latencies)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/checkout")
        {
            Content = JsonContent.Create(new
            {
                cartId,
                cartToken = "t",
                email = "b@example.com",
                shippingAddress = new { name = "B", line1 = "1 St", city = "C", postalCode = "1", country = "US" },
                paymentToken = SimulatedPaymentGateway.Approve,
            }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var begin = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        latencies.Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode || body.GetProperty("status").GetString() != "accepted")
        {
            throw new InvalidOperationException($"checkout answered {(int)response.StatusCode}: {body}");
        }
    }
}
