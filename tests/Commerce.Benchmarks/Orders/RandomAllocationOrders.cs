using Commerce.Orders.Domain;

namespace Commerce.Benchmarks.Orders;

/// <summary>The random allocation workload both <c>orders allocation</c> and <see cref="Micro.AllocationBenchmarks"/> measure.</summary>
internal static class RandomAllocationOrders
{
    /// <summary>Warehouses with a fixed cost of 3.00–9.00 per shipment and 0.05–0.60 per unit.</summary>
    public static List<Warehouse> Warehouses(Random random, int count)
        => [.. Enumerable.Range(0, count).Select(i => new Warehouse($"w{i}", "-", random.Next(300, 900), random.Next(5, 60)))];

    /// <summary>One order: each warehouse stocks each SKU with probability 1/3, 0–9 units; lines want 1–4 units.</summary>
    public static (List<AllocationLine> Lines, Func<string, string, long> Available) Next(Random random, IReadOnlyList<Warehouse> warehouses, int lineCount)
    {
        var stock = new Dictionary<(string, string), long>();
        var lines = Enumerable.Range(0, lineCount).Select(l => new AllocationLine($"s{l}", random.Next(1, 5))).ToList();
        foreach (var w in warehouses)
        {
            foreach (var line in lines.Where(_ => random.Next(3) == 0))
            {
                stock[(w.Id, line.Sku)] = random.Next(0, 10);
            }
        }

        return (lines, (w, s) => stock.GetValueOrDefault((w, s)));
    }
}
