using Commerce.Contracts;
using Commerce.Orders.Domain;

namespace Commerce.Simulator.Tests;

/// <summary>The end-of-run checks catch what they exist for, on fabricated snapshots.</summary>
public sealed class InvariantCheckTests
{
    static readonly DateTimeOffset Later = DateTimeOffset.UtcNow.AddMinutes(10);

    static StockDocument Stock(string sku, params WarehouseStock[] warehouses) => new() { Sku = sku, Warehouses = warehouses };

    static Dictionary<string, long> Units(params (string Sku, long Units)[] units) => units.ToDictionary(u => u.Sku, u => u.Units, StringComparer.Ordinal);

    [Fact]
    public void Consistent_stock_within_supply_passes()
    {
        var doc = Stock("A", new WarehouseStock("wh-east", 3, 2, 4)) with { Holds = [new StockHold("ord_1", "wh-east", "A", 2, HoldState.Held, Later)] };

        var violations = Invariants.CheckStock(new Dictionary<string, StockDocument?> { ["A"] = doc }, Units(("A", 10)), Units(("A", 7)));

        Assert.Empty(violations);
    }

    [Fact]
    public void Selling_more_than_was_supplied_is_an_oversell()
    {
        var violations = Invariants.CheckStock(new Dictionary<string, StockDocument?> { ["A"] = Stock("A", new WarehouseStock("wh-east", 0, 0)) }, Units(("A", 5)), Units(("A", 6)));

        Assert.Equal(["oversell: A sold 6 units of 5 supplied (0 backordered)"], violations);
    }

    [Fact]
    public void Units_owed_as_a_backorder_after_a_level_drop_are_not_an_oversell_but_more_than_that_is()
    {
        // The warehouse reported 2 fewer units than orders had already bought: those 2 are owed (backordered), not sold twice.
        var inventory = new Dictionary<string, StockDocument?> { ["A"] = Stock("A", new WarehouseStock("wh-east", 0, 0, 3, Committed: 2, Backordered: 2)) };

        Assert.Empty(Invariants.CheckStock(inventory, Units(("A", 5)), Units(("A", 7))));
        Assert.Equal(["oversell: A sold 8 units of 5 supplied (2 backordered)"], Invariants.CheckStock(inventory, Units(("A", 5)), Units(("A", 8))));
    }

    [Fact]
    public void Negative_on_hand_and_reservations_above_on_hand_are_oversells()
    {
        var doc = Stock("A", new WarehouseStock("wh-east", -1, 0), new WarehouseStock("wh-west", 2, 3)) with
        {
            Holds = [new StockHold("ord_1", "wh-west", "A", 3, HoldState.Held, Later)],
        };

        var violations = Invariants.CheckStock(new Dictionary<string, StockDocument?> { ["A"] = doc }, Units(("A", 50)), Units());

        Assert.Equal(["oversell: A at wh-east has -1 on hand", "oversell: A at wh-west reserves 3 of 2 on hand"], violations);
    }

    [Fact]
    public void Reserved_units_that_no_hold_keeps_break_the_reservation_totals()
    {
        var doc = Stock("A", new WarehouseStock("wh-east", 9, 4)) with { Holds = [new StockHold("ord_1", "wh-east", "A", 1, HoldState.Held, Later), new StockHold("ord_2", "wh-east", "A", 5, HoldState.Committed, Later)] };

        var violations = Invariants.CheckStock(new Dictionary<string, StockDocument?> { ["A"] = doc }, Units(("A", 9)), Units());

        Assert.Equal(["reservations: A at wh-east counts 4 reserved but its holds keep 1"], violations);
    }

    [Fact]
    public void A_sold_sku_without_inventory_is_an_oversell()
    {
        var violations = Invariants.CheckStock(new Dictionary<string, StockDocument?> { ["A"] = null }, Units(("A", 3)), Units(("A", 1)));

        Assert.Equal(["oversell: A sold 1 units but has no inventory"], violations);
    }

    [Fact]
    public void An_accepted_checkout_that_no_longer_reads_is_a_lost_order()
    {
        FinalOrderRead[] reads = [new("ord_a", 200, "fulfilling"), new("ord_b", 200, "pending"), new("ord_c", 404, null), new("ord_d", 0, null)];

        var violations = Invariants.CheckOrders(reads);

        Assert.Equal(["lost order: ord_c accepted with 202 but reads 404", "lost order: ord_d accepted with 202 but reads 0"], violations);
    }

    [Fact]
    public void A_report_with_a_broken_invariant_fails_the_run()
    {
        var summary = new CheckoutSummary(0, 0, 0, 0, 0, new Dictionary<string, int>(), new Dictionary<string, int>());
        var report = new Report("http://x/", DateTimeOffset.UtcNow, 1, 1, 0, [], new Dictionary<string, int>(), summary, 0, 0, [],
            [new InvariantResult("no oversell", Held: false, Violations: 1)], ["oversell: A sold 6 units of 5 supplied"]);

        Assert.False(report.Passed);
        Assert.Contains("| no oversell | **no** | 1 |", report.ToMarkdown(), StringComparison.Ordinal);
    }
}
