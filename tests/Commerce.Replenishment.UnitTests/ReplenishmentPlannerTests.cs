namespace Commerce.Replenishment.UnitTests;

public sealed class ReplenishmentPlannerTests
{
    private static ReorderLevels Levels(string sku, string warehouse, int reorderPoint, int orderUpTo) =>
        new(sku, warehouse, 0, 0, reorderPoint, orderUpTo);

    private static Dictionary<(string, string), StockPosition> Positions(params StockPosition[] positions) =>
        positions.ToDictionary(p => (p.Sku, p.Warehouse));

    [Fact]
    public void Purchases_order_up_to_the_level_and_are_grouped_per_supplier_and_warehouse()
    {
        var plan = ReplenishmentPlanner.Plan(
            [Levels("A", "north", 20, 50), Levels("B", "north", 10, 30), Levels("C", "north", 10, 30), Levels("A", "south", 20, 50)],
            Positions(new("A", "north", 5, 10), new("B", "north", 10, 0), new("C", "north", 11, 0), new("A", "south", 0, 0)),
            (sku, _) => sku == "B" ? "beta" : "acme");

        Assert.Equal(
            [
                new PurchaseSuggestion("acme", "north", [new PurchaseLine("A", 35)]),
                new PurchaseSuggestion("acme", "south", [new PurchaseLine("A", 50)]),
                new PurchaseSuggestion("beta", "north", [new PurchaseLine("B", 20)]),
            ],
            plan.Purchases,
            PurchaseComparer.Instance);
        Assert.Empty(plan.Transfers);
    }

    [Fact]
    public void A_warehouse_over_its_order_up_to_level_transfers_to_one_under_its_reorder_point_before_buying()
    {
        var plan = ReplenishmentPlanner.Plan(
            [Levels("A", "north", 20, 50), Levels("A", "south", 20, 50)],
            Positions(new("A", "north", 70, 10), new("A", "south", 5, 0)),
            (_, _) => "acme");

        Assert.Equal([new TransferSuggestion("A", "north", "south", 30)], plan.Transfers);
        Assert.Equal([new PurchaseLine("A", 15)], Assert.Single(plan.Purchases).Lines);
    }

    [Fact]
    public void A_transfer_never_ships_more_than_is_on_hand()
    {
        var plan = ReplenishmentPlanner.Plan(
            [Levels("A", "north", 20, 50), Levels("A", "south", 20, 50)],
            Positions(new("A", "north", 8, 100), new("A", "south", 0, 0)),
            (_, _) => null);

        Assert.Equal([new TransferSuggestion("A", "north", "south", 8)], plan.Transfers);
        Assert.Empty(plan.Purchases);
    }

    private sealed class PurchaseComparer : IEqualityComparer<PurchaseSuggestion>
    {
        public static readonly PurchaseComparer Instance = new();

        public bool Equals(PurchaseSuggestion? x, PurchaseSuggestion? y) =>
            x is not null && y is not null && x.Supplier == y.Supplier && x.Warehouse == y.Warehouse && x.Lines.SequenceEqual(y.Lines);

        public int GetHashCode(PurchaseSuggestion obj) => HashCode.Combine(obj.Supplier, obj.Warehouse);
    }
}
