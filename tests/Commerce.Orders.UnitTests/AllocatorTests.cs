using Commerce.Orders.Domain;

namespace Commerce.Orders.UnitTests;

public sealed class AllocatorTests
{
    static readonly Warehouse East = new("east", "E", 500, 10);
    static readonly Warehouse West = new("west", "W", 300, 50);
    static readonly Warehouse Central = new("central", "C", 400, 20);

    static Func<string, string, long> Stock(Dictionary<(string, string), long> stock) => (w, s) => stock.GetValueOrDefault((w, s));

    [Fact]
    public void One_warehouse_that_holds_everything_beats_a_cheaper_split()
    {
        var stock = Stock(new() { [("east", "a")] = 5, [("east", "b")] = 5, [("west", "a")] = 5, [("central", "b")] = 5 });

        var plan = Allocator.Allocate([new("a", 2), new("b", 2)], [West, Central, East], stock);

        var shipment = Assert.Single(plan.Shipments);
        Assert.Equal("east", shipment.WarehouseId);
        Assert.True(plan.Exact);
    }

    [Fact]
    public void Among_equally_few_shipments_the_cheapest_is_chosen()
    {
        var stock = Stock(new() { [("east", "a")] = 5, [("west", "a")] = 5, [("central", "a")] = 5 });

        var plan = Allocator.Allocate([new("a", 3)], [East, West, Central], stock);

        // east: 500 + 3×10 = 530; west: 300 + 150 = 450; central: 400 + 60 = 460.
        Assert.Equal("west", Assert.Single(plan.Shipments).WarehouseId);
        Assert.Equal(450, plan.ShippingCostMinor);
    }

    [Fact]
    public void A_line_splits_across_warehouses_when_no_single_one_has_enough()
    {
        var stock = Stock(new() { [("east", "a")] = 2, [("west", "a")] = 2, [("central", "a")] = 1 });

        var plan = Allocator.Allocate([new("a", 4)], [East, West, Central], stock);

        Assert.Equal(["east", "west"], plan.Shipments.Select(s => s.WarehouseId));
        Assert.Equal(4, plan.Shipments.Sum(s => s.Units));
    }

    [Fact]
    public void Insufficient_stock_fails_cleanly_naming_the_short_skus()
    {
        var stock = Stock(new() { [("east", "a")] = 2, [("west", "b")] = 9 });

        var plan = Allocator.Allocate([new("a", 3), new("b", 1)], [East, West], stock);

        Assert.False(plan.Succeeded);
        Assert.Equal(["a"], plan.ShortSkus);
        Assert.Empty(plan.Shipments);
    }

    [Fact]
    public void Exact_search_finds_fewer_shipments_than_greedy_where_greedy_is_fooled()
    {
        // Greedy takes the warehouse covering the most units first (big: 6 units of a, b, c) and then needs two more;
        // two warehouses (left: a+b+d, right: c+e+f) cover everything.
        Warehouse big = new("big", "B", 100, 1), left = new("left", "L", 100, 1), right = new("right", "R", 100, 1), x = new("x", "X", 100, 1), y = new("y", "Y", 100, 1);
        var stock = Stock(new()
        {
            [("big", "a")] = 2, [("big", "c")] = 2, [("big", "e")] = 2,
            [("left", "a")] = 2, [("left", "b")] = 1, [("left", "c")] = 2,
            [("right", "d")] = 1, [("right", "e")] = 2, [("right", "f")] = 1,
            [("x", "b")] = 1, [("x", "d")] = 1, [("y", "f")] = 1,
        });
        AllocationLine[] lines = [new("a", 2), new("b", 1), new("c", 2), new("d", 1), new("e", 2), new("f", 1)];

        var exact = Allocator.Allocate(lines, [big, left, right, x, y], stock);
        var greedy = Allocator.AllocateGreedy(lines, [big, left, right, x, y], stock);

        Assert.Equal(2, exact.Shipments.Count);
        Assert.True(greedy.Shipments.Count > exact.Shipments.Count);
    }

    [Fact]
    public void Allocation_never_takes_more_than_a_warehouse_has_and_covers_every_line_on_random_orders()
    {
        var random = new Random(7);
        var warehouses = Enumerable.Range(0, 50).Select(i => new Warehouse($"w{i}", "-", random.Next(200, 900), random.Next(5, 60))).ToList();
        for (var round = 0; round < 200; round++)
        {
            var stock = new Dictionary<(string, string), long>();
            var lines = Enumerable.Range(0, 20).Select(l => new AllocationLine($"s{l}", random.Next(1, 6))).ToList();
            foreach (var w in warehouses)
            {
                foreach (var line in lines.Where(_ => random.Next(4) == 0))
                {
                    stock[(w.Id, line.Sku)] = random.Next(0, 8);
                }
            }

            var plan = Allocator.Allocate(lines, warehouses, Stock(stock));
            if (!plan.Succeeded)
            {
                continue;
            }

            foreach (var line in lines)
            {
                Assert.Equal(line.Quantity, plan.Shipments.SelectMany(s => s.Items).Where(i => i.Sku == line.Sku).Sum(i => i.Quantity));
            }

            Assert.All(plan.Shipments.SelectMany(s => s.Items.Select(i => (s.WarehouseId, i))), x => Assert.True(x.i.Quantity <= stock.GetValueOrDefault((x.WarehouseId, x.i.Sku))));
            Assert.True(plan.Shipments.Count <= Allocator.AllocateGreedy(lines, warehouses, Stock(stock)).Shipments.Count);
        }
    }
}
