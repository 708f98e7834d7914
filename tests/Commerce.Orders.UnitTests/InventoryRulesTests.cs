using Commerce.Contracts;
using Commerce.Orders.Domain;

namespace Commerce.Orders.UnitTests;

public sealed class InventoryRulesTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    static StockDocument Doc(params (string Warehouse, long OnHand)[] levels) => new()
    {
        Sku = "a",
        Warehouses = [.. levels.Select(l => new WarehouseStock(l.Warehouse, l.OnHand, 0, 1))],
    };

    static Dictionary<string, int> Take(string warehouse, int quantity) => new() { [warehouse] = quantity };

    [Fact]
    public void Reserving_moves_units_from_available_to_reserved_once_per_order()
    {
        var doc = InventoryRules.Reserve(Doc(("e", 5)), "o1", Take("e", 3), Now.AddMinutes(15), Now);
        var again = InventoryRules.Reserve(doc, "o1", Take("e", 3), Now.AddMinutes(15), Now);

        Assert.Equal((5, 3, 2), (again.OnHand, again.Reserved, again.Available));
    }

    static StoreSale Sale(long sequence, int quantity = 1) => new("s", "a", quantity, sequence, $"till-{sequence}", Now);

    static StockDocument Sell(StockDocument doc, StoreSale sale, DateTimeOffset now) => InventoryRules.SellAtStore(doc, sale, now, out _);

    [Fact]
    public void A_store_sale_delivered_again_within_the_window_is_done_and_past_it_refused_as_a_repeat()
    {
        var sold = Sell(Doc(("s", 5)), Sale(1, 2), Now);

        var again = InventoryRules.SellAtStore(sold, Sale(1, 2), Now + InventoryRules.StoreSaleRedeliveryWindow - TimeSpan.FromSeconds(1), out var outcome);
        var late = Assert.Throws<MalformedWarehouseMessageException>(() => Sell(sold, Sale(1, 2), Now + InventoryRules.StoreSaleRedeliveryWindow));

        Assert.Equal((true, 3L), (outcome.Redelivery, again.OnHand));
        Assert.Same(sold, again);
        Assert.Contains("a repeat", late.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_remembers_only_its_newest_sales_of_a_sku_and_refuses_an_older_one_as_stale()
    {
        var doc = Doc(("s", 1_000));
        for (var sequence = 1; sequence <= InventoryRules.RememberedStoreSales + 3; sequence++)
        {
            doc = Sell(doc, Sale(sequence), Now);
        }

        Assert.Equal(Enumerable.Range(4, InventoryRules.RememberedStoreSales).Select(n => (long)n), doc.RecentStoreSales.Select(a => a.Sequence));
        InventoryRules.SellAtStore(doc, Sale(4), Now, out var remembered);
        Assert.True(remembered.Redelivery);
        Assert.Contains("is stale", Assert.Throws<MalformedWarehouseMessageException>(() => Sell(doc, Sale(3), Now)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reserving_more_than_available_is_a_stale_plan()
        => Assert.Throws<StalePlanException>(() => InventoryRules.Reserve(Doc(("e", 2)), "o1", Take("e", 3), Now.AddMinutes(1), Now));

    [Fact]
    public void Commit_ships_held_units_out_of_on_hand_and_restock_puts_them_back_exactly_once()
    {
        var held = InventoryRules.Reserve(Doc(("e", 5)), "o1", Take("e", 2), Now.AddMinutes(15), Now);

        var committed = InventoryRules.Commit(InventoryRules.Commit(held, "o1", "e", Now), "o1", "e", Now);
        Assert.Equal((3, 0, 3), (committed.OnHand, committed.Reserved, committed.Available));

        var restocked = InventoryRules.Restock(InventoryRules.Restock(committed, "o1", "e"), "o1", "e");
        Assert.Equal((5, 0), (restocked.OnHand, restocked.Reserved));
        Assert.Empty(restocked.Holds);
    }

    [Fact]
    public void Release_frees_held_units_but_never_committed_ones()
    {
        var doc = InventoryRules.Reserve(Doc(("e", 5), ("w", 5)), "o1", new Dictionary<string, int> { ["e"] = 2, ["w"] = 1 }, Now.AddMinutes(15), Now);
        doc = InventoryRules.Commit(doc, "o1", "e", Now);

        var released = InventoryRules.Release(doc, "o1");

        Assert.Equal((8, 0), (released.OnHand, released.Reserved));
        Assert.Single(released.Holds, h => h.State == HoldState.Committed);
    }

    [Fact]
    public void Expired_holds_return_to_available_and_cannot_be_committed()
    {
        var doc = InventoryRules.Reserve(Doc(("e", 5)), "o1", Take("e", 4), Now.AddMinutes(15), Now);

        var later = Now.AddMinutes(16);
        Assert.Equal(5, InventoryRules.ExpireHolds(doc, later).Available);
        Assert.Throws<OutOfStockException>(() => InventoryRules.Commit(doc, "o1", "e", later));
    }

    [Fact]
    public void Stock_levels_apply_only_when_newer_than_the_last_sequence_of_that_warehouse()
    {
        var doc = InventoryRules.ApplyLevel(Doc(("e", 5)), "e", 9, 3, out var applied);
        Assert.True(applied);

        var stale = InventoryRules.ApplyLevel(doc, "e", 1, 2, out var staleApplied);
        var duplicate = InventoryRules.ApplyLevel(doc, "e", 9, 3, out var duplicateApplied);
        var other = InventoryRules.ApplyLevel(doc, "w", 4, 1, out var otherApplied);

        Assert.Equal((false, false, true), (staleApplied, duplicateApplied, otherApplied));
        Assert.Same(doc, stale);
        Assert.Equal(9, stale.OnHand);
        Assert.Equal(13, other.OnHand);
    }

    [Fact]
    public void A_level_below_reserved_never_makes_available_negative()
    {
        var doc = InventoryRules.Reserve(Doc(("e", 5)), "o1", Take("e", 4), Now.AddMinutes(15), Now);

        doc = InventoryRules.ApplyLevel(doc, "e", 1, 9, out _);

        Assert.Equal((1, 0, 1), (doc.OnHand, doc.Reserved, doc.Available));
        Assert.Empty(doc.Holds);
    }

    static StockDocument Sold(int quantity, long level)
        => InventoryRules.Commit(InventoryRules.Reserve(Doc(("e", level)), "sold", Take("e", quantity), Now.AddMinutes(15), Now), "sold", "e", Now);

    [Fact]
    public void A_level_counts_the_units_committed_but_not_yet_shipped_so_they_are_not_sold_again()
    {
        // 2 of 5 sold; the warehouse has not shipped them, so its count still finds 5 on the shelves.
        var doc = InventoryRules.ApplyLevel(Sold(2, 5), "e", 5, 9, out _);

        Assert.Equal((3, 0, 3), (doc.OnHand, doc.Reserved, doc.Available));
    }

    [Fact]
    public void A_level_below_the_units_committed_leaves_nothing_to_sell_and_no_negative_count()
    {
        var doc = InventoryRules.ApplyLevel(Sold(4, 5), "e", 1, 9, out _);

        Assert.Equal((0, 0, 0), (doc.OnHand, doc.Reserved, doc.Available));
        var warehouse = doc.Warehouses.Single();
        Assert.Equal((4L, 3L, 1L), (warehouse.Committed, warehouse.Backordered, warehouse.Level));

        // The warehouse's next stock fills the backorder before anything is on sale again.
        doc = InventoryRules.ApplyLevel(doc, "e", 6, 10, out _);
        Assert.Equal((2, 4L, 0L), (doc.Available, doc.Warehouses.Single().Committed, doc.Warehouses.Single().Backordered));
    }

    [Fact]
    public void A_shipment_confirmation_takes_the_units_out_of_the_level_and_the_committed_units_once()
    {
        var doc = InventoryRules.ApplyLevel(Sold(2, 5), "e", 5, 9, out _);
        Assert.Equal((3, 2L, 5L), (doc.OnHand, doc.Warehouses.Single().Committed, doc.Warehouses.Single().Level));

        var shipped = InventoryRules.Ship(doc, "sold", "e");
        var again = InventoryRules.Ship(shipped, "sold", "e");

        Assert.Same(shipped, again);
        Assert.Equal((3, 0L, 3L), (again.OnHand, again.Warehouses.Single().Committed, again.Warehouses.Single().Level));
        Assert.Empty(again.Holds);
        Assert.Same(again, InventoryRules.Restock(again, "sold", "e"));
    }

    [Fact]
    public void Committed_units_never_expire_and_go_back_on_sale_only_when_restocked()
    {
        var doc = InventoryRules.ExpireHolds(Sold(2, 5), Now.AddDays(30));
        Assert.Equal((3, 2L), (doc.Available, doc.Warehouses.Single().Committed));

        var restocked = InventoryRules.Restock(doc, "sold", "e");

        Assert.Equal((5, 0L, 5L), (restocked.Available, restocked.Warehouses.Single().Committed, restocked.Warehouses.Single().Level));
        Assert.Same(restocked, InventoryRules.Ship(restocked, "sold", "e"));
    }

    [Fact]
    public void Returned_units_raise_the_level_of_the_receiving_warehouse_once_per_key()
    {
        var doc = InventoryRules.ReturnToStock(Sold(2, 5), "r1", "w", 2, Now);
        doc = InventoryRules.ReturnToStock(doc, "r1", "w", 2, Now);

        Assert.Equal((3L, 2L), (doc.AvailableAt("e"), doc.AvailableAt("w")));
    }

    [Fact]
    public void A_level_below_what_is_held_drops_the_youngest_holds_that_no_longer_fit_and_they_cannot_be_committed()
    {
        var doc = InventoryRules.Reserve(Doc(("e", 5)), "older", Take("e", 2), Now.AddMinutes(15), Now);
        doc = InventoryRules.Reserve(doc, "younger", Take("e", 2), Now.AddMinutes(16), Now);

        doc = InventoryRules.ApplyLevel(doc, "e", 3, 9, out _);

        Assert.Equal((3, 2, 1), (doc.OnHand, doc.Reserved, doc.Available));
        Assert.Throws<OutOfStockException>(() => InventoryRules.Commit(doc, "younger", "e", Now));
        var committed = InventoryRules.Commit(doc, "older", "e", Now);
        Assert.Equal((1, 0, 1), (committed.OnHand, committed.Reserved, committed.Available));
    }
}
