using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Contracts;
using Commerce.Orders.Domain;
using Commerce.Testing;
using Commerce.Testing.Stripe;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Benchmarks.Orders;

/// <summary>
/// <c>orders allocation</c>: exact vs greedy allocation over random orders (latency percentiles, shipments per order).
/// <c>orders checkout</c>: completed checkouts/s through a real dev host over HTTP, C buyers at once over distinct SKUs,
/// against a one-at-a-time baseline in the same process, for each payment provider asked for (<c>--payments both</c>, the
/// default: the simulated gateway, then the Stripe adapter against the local fake of Stripe's API, same run).
/// </summary>
internal static class OrdersCommand
{
    /// <summary>
    /// Buyers wait as long as the answer's Retry-After asks (the checkout's 202 and each status of a checkout in flight),
    /// at least <c>--poll-ms</c>, as a storefront honouring it does; <c>--retry-after off</c>: every <c>--poll-ms</c>.
    /// </summary>
    static bool honourRetryAfter = true;

    public static Task<int> RunAsync(string[] args)
    {
        honourRetryAfter = Text(args, "--retry-after", "on") != "off";
        return Dispatch(args);
    }

    static Task<int> Dispatch(string[] args) => args switch
    {
        ["allocation", .. var rest] => Task.FromResult(Allocation(Int(rest, "--orders", 10_000), Int(rest, "--lines", 20), Int(rest, "--warehouses", 50))),
        ["checkout", .. var rest] when Text(rest, "--tracing", "") == "both" => TracingCostAsync(Int(rest, "--buyers", 200), Int(rest, "--rounds", 3), Int(rest, "--poll-ms", 20)),
        ["checkout", .. var rest] when Text(rest, "--backend", "inmemory") != "inmemory" => BackendsAsync(Text(rest, "--backend", "both"), Int(rest, "--buyers", 200), Int(rest, "--rounds", 3), Int(rest, "--poll-ms", 20), Tracing(rest)),
        ["checkout", .. var rest] => CheckoutAsync(Int(rest, "--buyers", 200), Int(rest, "--rounds", 3), Int(rest, "--poll-ms", 20), rest.Contains("--profile"), Text(rest, "--payments", "both"), Tracing(rest)),
        ["admission", .. var rest] => AdmissionCommand.RunAsync(Int(rest, "--history", 100_000), Int(rest, "--checkouts", 1_500), Int(rest, "--rate", 60)),
        _ => Usage(),
    };

    /// <summary><c>--tracing on|off</c>: every span recorded and exported, or none; unset (null): as the dev host is configured.</summary>
    static bool? Tracing(string[] args) => Text(args, "--tracing", "") switch { "on" => true, "off" => false, _ => null };

    static Task<int> Usage()
    {
        Console.Error.WriteLine("usage: orders allocation [--orders 10000] [--lines 20] [--warehouses 50] | orders checkout [--buyers 200] [--rounds 3] [--poll-ms 20] [--profile] [--payments simulated|stripe|both] [--tracing on|off|both] [--backend inmemory|azurite|both] [--retry-after on|off] | orders admission [--history 100000] [--checkouts 1500] [--rate 60]");
        return Task.FromResult(2);
    }

    static int Int(string[] args, string name, int fallback) => int.Parse(Text(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    static string Text(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    static int Allocation(int orders, int lineCount, int warehouseCount)
    {
        var random = new Random(20261125);
        var warehouses = RandomAllocationOrders.Warehouses(random, warehouseCount);
        var exactTimes = new List<double>(orders);
        var greedyTimes = new List<double>(orders);
        long exactShipments = 0, greedyShipments = 0, exactCost = 0, greedyCost = 0, fellBack = 0, feasible = 0;
        for (var n = 0; n < orders + 200; n++)
        {
            var (lines, available) = RandomAllocationOrders.Next(random, warehouses, lineCount);
            var started = Stopwatch.GetTimestamp();
            var exact = Allocator.Allocate(lines, warehouses, available);
            var exactElapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            started = Stopwatch.GetTimestamp();
            var greedy = Allocator.AllocateGreedy(lines, warehouses, available);
            var greedyElapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (n < 200 || !exact.Succeeded)
            {
                continue; // warm-up, or an order the stock cannot cover
            }

            feasible++;
            exactTimes.Add(exactElapsed);
            greedyTimes.Add(greedyElapsed);
            exactShipments += exact.Shipments.Count;
            greedyShipments += greedy.Shipments.Count;
            exactCost += exact.ShippingCostMinor;
            greedyCost += greedy.ShippingCostMinor;
            fellBack += exact.Exact ? 0 : 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allocation: {feasible} feasible orders of {lineCount} lines × {warehouseCount} warehouses"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  exact : p50 {Percentile(exactTimes, 50):F3} ms  p99 {Percentile(exactTimes, 99):F3} ms  max {exactTimes.Max():F3} ms  shipments/order {(double)exactShipments / feasible:F3}  cost/order {(double)exactCost / feasible:F0}  fell back to greedy {fellBack}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  greedy: p50 {Percentile(greedyTimes, 50):F3} ms  p99 {Percentile(greedyTimes, 99):F3} ms  shipments/order {(double)greedyShipments / feasible:F3}  cost/order {(double)greedyCost / feasible:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  exact/greedy shipments {(double)exactShipments / greedyShipments:F3}, latency p50 ×{Percentile(exactTimes, 50) / Percentile(greedyTimes, 50):F1} p99 ×{Percentile(exactTimes, 99) / Percentile(greedyTimes, 99):F1}"));
        return 0;
    }

    /// <summary>The machine's busy and total CPU time since boot (<c>/proc/stat</c>, in clock ticks); null where there is no such file.</summary>
    internal static (long Busy, long Total)? MachineCpu()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }

        // cpu  user nice system idle iowait irq softirq steal ...
        var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var total = ticks.Take(8).Sum();
        return (total - ticks[3] - ticks[4], total);
    }

    /// <summary>
    /// Where a round's CPU went, per completed checkout: this process (buyers and dev host), each emulator process, and how
    /// busy the whole machine was. The figures that say whether the machine, not the code, bounds a round.
    /// </summary>
    internal static string CpuBreakdown(Round round, IReadOnlyList<(string Name, TimeSpan Cpu)> emulatorsBefore, IReadOnlyList<(string Name, TimeSpan Cpu)> emulatorsAfter, (long Busy, long Total)? machineBefore, (long Busy, long Total)? machineAfter)
    {
        var perCheckout = Math.Max(1, round.Completed);
        var emulators = emulatorsAfter.Zip(emulatorsBefore, (after, before) => (after.Name, Ms: (after.Cpu - before.Cpu).TotalMilliseconds / perCheckout))
            .GroupBy(e => e.Name, (name, parts) => (Name: name, Ms: parts.Sum(p => p.Ms)))
            .OrderByDescending(e => e.Ms)
            .ToList();
        var machine = machineBefore is { } b && machineAfter is { } a && a.Total > b.Total
            ? $"; machine busy {100.0 * (a.Busy - b.Busy) / (a.Total - b.Total):F0} % of {Environment.ProcessorCount} cores"
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"CPU ms/checkout: this process {round.CpuMsPerCheckout:F1}; Azurite {emulators.Sum(e => e.Ms):F1} ({string.Join(", ", emulators.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Name} {e.Ms:F1}")))}){machine}");
    }

    internal static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    internal static double Percentile(List<double> values, int p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    static async Task<int> CheckoutAsync(int buyers, int rounds, int pollMs, bool profile, string payments, bool? tracing)
    {
        if (payments is not ("simulated" or "stripe" or "both"))
        {
            return await Usage();
        }

        var summary = new List<string>();
        if (payments is "simulated" or "both")
        {
            summary.Add($"simulated gateway: {await CheckoutRoundsAsync("simulated", null, SimulatedPaymentGateway.Approve, buyers, rounds, pollMs, profile, tracing):F1} checkouts/s");
        }

        if (payments is "stripe" or "both")
        {
            await using var stripe = await FakeStripe.StartAsync();
            summary.Add($"Stripe adapter (local fake of Stripe's API over HTTP): {await CheckoutRoundsAsync("stripe", CheckoutBenchHost.StripePayments(stripe.ApiBase), FakeStripe.Approve, buyers, rounds, pollMs, profile, tracing):F1} checkouts/s");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"checkout throughput, best round of {buyers} buyers at once: {string.Join("; ", summary)}"));
        return 0;
    }

    /// <summary>
    /// <c>--backend azurite|both</c>: the simulated gateway's checkouts/s on the dev host's Azurite backend (the Azure
    /// Storage durable provider and Storage queues over an Azurite started for the run), after the in-memory engine's for
    /// <c>both</c>, same process.
    /// </summary>
    static async Task<int> BackendsAsync(string backend, int buyers, int rounds, int pollMs, bool? tracing)
    {
        if (backend is not ("azurite" or "both"))
        {
            return await Usage();
        }

        var summary = new List<string>();
        if (backend == "both")
        {
            summary.Add($"in-memory engine: {await CheckoutRoundsAsync("in-memory", null, SimulatedPaymentGateway.Approve, buyers, rounds, pollMs, profile: false, tracing):F1} checkouts/s");
        }

        await using (var azurite = await Commerce.Testing.DevHostAzurite.StartAsync())
        {
            IReadOnlyList<string> settings = [.. CheckoutBenchHost.SimulatedPayments, .. azurite.Settings.SelectMany(s => new[] { "--" + s.Key, s.Value ?? "" })];
            summary.Add($"Azurite backend (Azure Storage durable provider): {await CheckoutRoundsAsync("azurite", settings, SimulatedPaymentGateway.Approve, buyers, rounds, pollMs, profile: false, tracing, azurite.ProcessorTimes):F1} checkouts/s");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"checkout throughput, best round of {buyers} buyers at once, simulated gateway: {string.Join("; ", summary)}"));
        return 0;
    }

    /// <summary>Warm-up, a one-at-a-time baseline and <paramref name="rounds"/> concurrent rounds on a fresh host; returns the best round's checkouts/s.</summary>
    static async Task<double> CheckoutRoundsAsync(string label, IReadOnlyList<string>? payments, string paymentToken, int buyers, int rounds, int pollMs, bool profile, bool? tracing, Func<IReadOnlyList<(string Name, TimeSpan Cpu)>>? emulators = null)
    {
        await using var host = await CheckoutBenchHost.StartAsync(countStoreOperations: profile, payments, tracing);
        var (http, carts, inventory) = (host.Http, host.Carts, host.Inventory);
        await RunRoundAsync(http, carts, inventory, 20, concurrency: 20, pollMs, paymentToken); // warm-up
        var baseline = await RunRoundAsync(http, carts, inventory, 20, concurrency: 1, pollMs, paymentToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{label}] checkout baseline (one buyer at a time): {baseline.Completed}/20 in {baseline.Elapsed.TotalSeconds:F2} s = {baseline.PerSecond:F1} checkouts/s"));
        var counting = host.Services.GetService<CountingDocumentStore>();
        var best = 0.0;
        for (var round = 1; round <= rounds; round++)
        {
            counting?.Reset();
            var (emulatorsBefore, machineBefore) = (emulators?.Invoke() ?? [], MachineCpu());
            var result = await RunRoundAsync(http, carts, inventory, buyers, buyers, pollMs, paymentToken);
            var (emulatorsAfter, machineAfter) = (emulators?.Invoke() ?? [], MachineCpu());
            best = Math.Max(best, result.PerSecond);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{label}] checkout round {round}: {buyers} buyers at once over distinct SKUs: {result.Completed}/{buyers} orders in {result.Elapsed.TotalSeconds:F2} s = {result.PerSecond:F1} checkouts/s (×{result.PerSecond / baseline.PerSecond:F1} baseline), p50 {result.P50:F0} ms p99 {result.P99:F0} ms, {result.CpuMsPerCheckout:F1} CPU ms/checkout, load {LoadAverage()}"));
            if (emulators is not null)
            {
                Console.WriteLine($"[{label}]   {CpuBreakdown(result, emulatorsBefore, emulatorsAfter, machineBefore, machineAfter)}");
            }

            counting?.Print(buyers);
        }

        return best;
    }

    /// <summary>
    /// <c>orders checkout --tracing both</c>: what tracing costs. Each round runs tracing off and tracing on (every span
    /// recorded and exported), each on a fresh host warmed with 20 checkouts, back to back in alternating order so the
    /// machine's load and the JIT's warm-up fall on both alike. (The two hosts cannot run side by side: a tracer provider
    /// listens to its activity sources process-wide, so it would record the other host's spans too.) The summary leaves
    /// out the first quarter of the rounds (JIT warm-up) and reports the median of the remaining rounds' on/off ratios
    /// (the two halves of a round ran seconds apart, under the same load), and the medians of the rates.
    /// </summary>
    static async Task<int> TracingCostAsync(int buyers, int rounds, int pollMs)
    {
        var results = new Dictionary<bool, List<Round>> { [false] = [], [true] = [] };
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var on in round % 2 == 1 ? new[] { false, true } : [true, false])
            {
                await using var host = await CheckoutBenchHost.StartAsync(tracing: on);
                await RunRoundAsync(host.Http, host.Carts, host.Inventory, 20, concurrency: 20, pollMs, SimulatedPaymentGateway.Approve); // warm-up
                var spansBefore = host.ExportedSpans;
                var result = await RunRoundAsync(host.Http, host.Carts, host.Inventory, buyers, buyers, pollMs, SimulatedPaymentGateway.Approve);
                results[on].Add(result);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[tracing {(on ? "on " : "off")}] round {round}: {result.Completed}/{buyers} orders in {result.Elapsed.TotalSeconds:F2} s = {result.PerSecond:F1} checkouts/s, p50 {result.P50:F0} ms p99 {result.P99:F0} ms, {result.CpuMsPerCheckout:F1} CPU ms/checkout, {(double)(host.ExportedSpans - spansBefore) / Math.Max(1, result.Completed):F1} spans exported/checkout, load {LoadAverage()}"));
            }
        }

        var steady = rounds / 4;
        List<double> Steady(bool on, Func<Round, double> figure) => [.. results[on].Skip(steady).Select(figure)];
        var ratios = Steady(true, r => r.PerSecond).Zip(Steady(false, r => r.PerSecond), (on, off) => on / off).ToList();
        var ratio = Percentile(ratios, 50);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tracing cost at steady state (rounds {steady + 1}-{rounds}, {buyers} buyers at once): median on/off ratio of the rounds {ratio:F3} ({(1 - ratio) * 100:F1} % cost; per round {string.Join(" ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}); median rates off {Percentile(Steady(false, r => r.PerSecond), 50):F1}, on {Percentile(Steady(true, r => r.PerSecond), 50):F1} checkouts/s; median CPU off {Percentile(Steady(false, r => r.CpuMsPerCheckout), 50):F1}, on {Percentile(Steady(true, r => r.CpuMsPerCheckout), 50):F1} ms/checkout"));
        return 0;
    }

    /// <summary>A round's figures. <see cref="CpuMsPerCheckout"/> is this process's CPU time per completed checkout (client included): steadier than the rate on a busy machine.</summary>
    internal sealed record Round(int Completed, TimeSpan Elapsed, double P50, double P99, TimeSpan Cpu)
    {
        public double PerSecond => Completed / Elapsed.TotalSeconds;

        public double CpuMsPerCheckout => Cpu.TotalMilliseconds / Math.Max(1, Completed);
    }

    /// <summary>How long a buyer waits before reading the order again after <paramref name="answer"/>.</summary>
    static TimeSpan PollWait(HttpResponseMessage answer, int pollMs)
    {
        var own = TimeSpan.FromMilliseconds(pollMs);
        return honourRetryAfter && answer.Headers.RetryAfter?.Delta is { } asked && asked > own ? asked : own;
    }

    static async Task<Round> RunRoundAsync(HttpClient http, InMemoryCheckoutCarts carts, InventoryService inventory, int buyers, int concurrency, int pollMs, string paymentToken)
    {
        var jobs = new List<(string Key, object Body)>();
        for (var i = 0; i < buyers; i++)
        {
            var sku = "bench-" + Guid.NewGuid().ToString("N")[..12];
            await inventory.SeedAsync(sku, [("wh-east", 5), ("wh-west", 5)]);
            var cartId = "cart-" + Guid.NewGuid().ToString("N");
            carts.Put("t", new PricedCheckoutCart(cartId, "USD", [new PricedCartLine(sku, 1, Money.Of(1000, "USD"), Money.Of(1000, "USD"))], Money.Zero("USD"), Money.Zero("USD"), Money.Zero("USD"), Money.Of(1000, "USD"), [], null));
            jobs.Add((Guid.NewGuid().ToString(), new
            {
                cartId,
                cartToken = "t",
                email = "b@example.com",
                shippingAddress = new { name = "B", line1 = "1 St", city = "C", postalCode = "1", country = "US" },
                paymentToken,
            }));
        }

        using var gate = new SemaphoreSlim(concurrency);
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var completed = 0;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(jobs.Select(async job =>
        {
            await gate.WaitAsync();
            try
            {
                var begin = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/checkout") { Content = JsonContent.Create(job.Body) };
                request.Headers.Add("Idempotency-Key", job.Key);
                using var response = await http.SendAsync(request);
                var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
                var orderId = accepted.GetProperty("orderId").GetString();
                var orderToken = accepted.GetProperty("orderToken").GetString();
                var wait = honourRetryAfter ? PollWait(response, pollMs) : TimeSpan.Zero; // without it, the first read comes at once
                while (true)
                {
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait);
                    }

                    using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/orders/{orderId}");
                    read.Headers.Add(OrderAccess.TokenHeader, orderToken);
                    using var status = await http.SendAsync(read);
                    var state = (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
                    if (state is "fulfilling" or "failed")
                    {
                        if (state == "fulfilling")
                        {
                            Interlocked.Increment(ref completed);
                        }

                        break;
                    }

                    wait = PollWait(status, pollMs);
                }

                latencies.Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
            }
            finally
            {
                gate.Release();
            }
        }));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var list = latencies.ToList();
        return new Round(completed, elapsed, Percentile(list, 50), Percentile(list, 99), cpu);
    }
}
