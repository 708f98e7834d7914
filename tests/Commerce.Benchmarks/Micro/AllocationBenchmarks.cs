using BenchmarkDotNet.Attributes;
using Commerce.Orders.Domain;

namespace Commerce.Benchmarks.Micro;

/// <summary>
/// Allocation per order (20 lines × 50 warehouses, the exact algorithm's ceiling), exact against the greedy baseline,
/// over the same 64 random orders as <c>orders allocation</c> draws them (each warehouse stocks each SKU with
/// probability 1/3, 0–9 units; lines want 1–4 units). Goal (issue 5): exact ≤ 1 ms per order.
/// </summary>
[MemoryDiagnoser]
public class AllocationBenchmarks
{
    const int Orders = 64;

    [Params(20)]
    public int Lines { get; set; }

    [Params(50)]
    public int Warehouses { get; set; }

    readonly List<(List<AllocationLine> Lines, Func<string, string, long> Available)> orders = [];
    List<Warehouse> warehouses = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20261125);
        warehouses = [.. Enumerable.Range(0, Warehouses).Select(i => new Warehouse($"w{i}", "-", random.Next(300, 900), random.Next(5, 60)))];
        while (orders.Count < Orders)
        {
            var stock = new Dictionary<(string, string), long>();
            var lines = Enumerable.Range(0, Lines).Select(l => new AllocationLine($"s{l}", random.Next(1, 5))).ToList();
            foreach (var w in warehouses)
            {
                foreach (var line in lines.Where(_ => random.Next(3) == 0))
                {
                    stock[(w.Id, line.Sku)] = random.Next(0, 10);
                }
            }

            long Available(string w, string s) => stock.GetValueOrDefault((w, s));
            if (Allocator.AllocateGreedy(lines, warehouses, Available).Succeeded)
            {
                orders.Add((lines, Available));
            }
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Orders)]
    public int Greedy()
    {
        var shipments = 0;
        foreach (var (lines, available) in orders)
        {
            shipments += Allocator.AllocateGreedy(lines, warehouses, available).Shipments.Count;
        }

        return shipments;
    }

    [Benchmark(OperationsPerInvoke = Orders)]
    public int Exact()
    {
        var shipments = 0;
        foreach (var (lines, available) in orders)
        {
            shipments += Allocator.Allocate(lines, warehouses, available).Shipments.Count;
        }

        return shipments;
    }
}
