using Commerce.Orders.Domain;

namespace Commerce.Orders.UnitTests;

/// <summary>The exact allocator against a brute-force oracle that tries every warehouse subset.</summary>
public sealed class AllocatorOracleTests
{
    [Theory]
    [InlineData(1, 4, 6)]
    [InlineData(2, 6, 8)]
    [InlineData(3, 10, 12)]
    public void Exact_allocation_matches_the_brute_force_optimum_on_random_small_orders(int seed, int maxLines, int maxWarehouses)
    {
        var random = new Random(seed);
        for (var round = 0; round < 400; round++)
        {
            var warehouses = Enumerable.Range(0, random.Next(1, maxWarehouses + 1))
                .Select(i => new Warehouse($"w{i}", "-", random.Next(0, 6) * 100, random.Next(0, 4) * 10))
                .ToList();
            var lines = Enumerable.Range(0, random.Next(1, maxLines + 1)).Select(l => new AllocationLine($"s{l}", random.Next(1, 7))).ToList();
            var density = random.Next(2, 5);
            var stock = new Dictionary<(string, string), long>();
            foreach (var w in warehouses)
            {
                foreach (var line in lines.Where(_ => random.Next(density) != 0))
                {
                    stock[(w.Id, line.Sku)] = random.Next(0, 6);
                }
            }

            long Available(string w, string s) => stock.GetValueOrDefault((w, s));
            var plan = Allocator.Allocate(lines, warehouses, Available);
            var oracle = Oracle(lines, warehouses, Available);

            if (oracle is null)
            {
                Assert.False(plan.Succeeded);
                Assert.Equal(lines.Where(l => warehouses.Sum(w => Available(w.Id, l.Sku)) < l.Quantity).Select(l => l.Sku), plan.ShortSkus);
                continue;
            }

            Assert.True(plan.Succeeded);
            Assert.True(plan.Exact);
            Assert.Equal(oracle.Value.Shipments, plan.Shipments.Count);
            Assert.Equal(oracle.Value.Cost, plan.ShippingCostMinor);
            AssertValid(plan, lines, warehouses, Available);
        }
    }

    [Fact]
    public void Exact_allocation_is_valid_and_never_worse_than_greedy_at_full_size()
    {
        var random = new Random(11);
        var warehouses = Enumerable.Range(0, Allocator.ExactMaxWarehouses).Select(i => new Warehouse($"w{i}", "-", random.Next(300, 900), random.Next(5, 60))).ToList();
        for (var round = 0; round < 100; round++)
        {
            var lines = Enumerable.Range(0, Allocator.ExactMaxLines).Select(l => new AllocationLine($"s{l}", random.Next(1, 5))).ToList();
            var stock = new Dictionary<(string, string), long>();
            foreach (var w in warehouses)
            {
                foreach (var line in lines.Where(_ => random.Next(3) == 0))
                {
                    stock[(w.Id, line.Sku)] = random.Next(0, 10);
                }
            }

            long Available(string w, string s) => stock.GetValueOrDefault((w, s));
            var exact = Allocator.Allocate(lines, warehouses, Available);
            var greedy = Allocator.AllocateGreedy(lines, warehouses, Available);
            if (!exact.Succeeded)
            {
                Assert.False(greedy.Succeeded);
                continue;
            }

            Assert.True(exact.Exact);
            AssertValid(exact, lines, warehouses, Available);
            Assert.True(exact.Shipments.Count < greedy.Shipments.Count
                || (exact.Shipments.Count == greedy.Shipments.Count && exact.ShippingCostMinor <= greedy.ShippingCostMinor));
        }
    }

    /// <summary>Every line covered exactly, no warehouse over its stock, and the stated cost is what the shipments cost.</summary>
    static void AssertValid(AllocationPlan plan, List<AllocationLine> lines, List<Warehouse> warehouses, Func<string, string, long> available)
    {
        foreach (var line in lines)
        {
            Assert.Equal(line.Quantity, plan.Shipments.SelectMany(s => s.Items).Where(i => i.Sku == line.Sku).Sum(i => i.Quantity));
        }

        Assert.Equal(plan.Shipments.Count, plan.Shipments.Select(s => s.WarehouseId).Distinct().Count());
        Assert.All(plan.Shipments.SelectMany(s => s.Items.Select(i => (s.WarehouseId, i))), x => Assert.InRange(x.i.Quantity, 1, available(x.WarehouseId, x.i.Sku)));
        Assert.Equal(plan.ShippingCostMinor, plan.Shipments.Sum(s => warehouses.Single(w => w.Id == s.WarehouseId).CostOf(s.Units)));
    }

    /// <summary>Tries every subset of warehouses: fills each line cheapest per unit first within the subset, counts the warehouses that ship; the lexicographic minimum of (shipments, cost).</summary>
    static (int Shipments, long Cost)? Oracle(List<AllocationLine> lines, List<Warehouse> warehouses, Func<string, string, long> available)
    {
        (int, long)? best = null;
        for (var subset = 1; subset < 1 << warehouses.Count; subset++)
        {
            var members = warehouses.Where((_, i) => (subset & (1 << i)) != 0).OrderBy(w => w.UnitCostMinor).ToList();
            var units = members.ToDictionary(w => w.Id, _ => 0L);
            var feasible = true;
            foreach (var line in lines)
            {
                long left = line.Quantity;
                foreach (var w in members)
                {
                    var take = Math.Min(left, available(w.Id, line.Sku));
                    units[w.Id] += take;
                    left -= take;
                }

                feasible &= left == 0;
            }

            if (!feasible)
            {
                continue;
            }

            var shipping = members.Where(w => units[w.Id] > 0).ToList();
            var candidate = (shipping.Count, shipping.Sum(w => w.CostOf(units[w.Id])));
            if (best is null || candidate.Count < best.Value.Item1 || (candidate.Count == best.Value.Item1 && candidate.Item2 < best.Value.Item2))
            {
                best = candidate;
            }
        }

        return best;
    }
}
