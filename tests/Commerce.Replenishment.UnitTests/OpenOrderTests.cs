using Commerce.Replenishment.Domain;

namespace Commerce.Replenishment.UnitTests;

public sealed class OpenOrderTests
{
    static readonly DateOnly Day = new(2026, 11, 20);

    static Suggestion Ordered(int purchase, params ReceiptPart[] receipts) => new()
    {
        Sku = "S",
        Warehouse = "wh-east",
        Day = Day,
        RunId = "r",
        Supplier = "acme",
        PurchaseQuantity = purchase,
        Transfers = [new TransferIn("wh-west", 10)],
        Sent = true,
        Receipts = receipts,
    };

    [Fact]
    public void An_order_is_open_from_the_day_after_it_until_all_of_it_is_received_and_only_what_is_outstanding_is_on_order()
    {
        var part = Ordered(30, new ReceiptPart("receipt:a", 25));
        var whole = Ordered(30, new ReceiptPart("receipt:a", 25), new ReceiptPart("receipt:b", 15));

        Assert.False(ReplenishmentRuns.IsOpen(part, Day, leadTimeDays: 5));
        Assert.True(ReplenishmentRuns.IsOpen(part, Day.AddDays(1), leadTimeDays: 5));
        Assert.Equal((40, 25, 15), (part.Inbound, part.Received, part.Outstanding));
        Assert.False(ReplenishmentRuns.IsOpen(whole, Day.AddDays(1), leadTimeDays: 5));
        Assert.Equal(0, whole.Outstanding);
    }

    [Fact]
    public void An_order_still_short_twice_its_lead_time_after_its_day_is_given_up()
    {
        var nothing = Ordered(30);

        Assert.True(ReplenishmentRuns.IsOpen(nothing, Day.AddDays(10), leadTimeDays: 5));
        Assert.False(ReplenishmentRuns.IsOpen(nothing, Day.AddDays(11), leadTimeDays: 5));
    }

    [Fact]
    public void An_order_went_out_under_its_purchase_order_and_each_transfer_id()
    {
        Assert.Equal(
            ["purchase|2026-11-20|acme|wh-east", "transfer|2026-11-20|S|wh-west|wh-east"],
            Ordered(30).OrderIds());
        Assert.True(Commerce.Contracts.ReplenishmentOrder.CouldDeliver("transfer|2026-11-20|S|wh-west|wh-east", "S", "wh-east"));
        Assert.False(Commerce.Contracts.ReplenishmentOrder.CouldDeliver("transfer|2026-11-20|S|wh-west|wh-east", "T", "wh-east"));
        Assert.False(Commerce.Contracts.ReplenishmentOrder.CouldDeliver("purchase|2026-11-20|acme|wh-west", "S", "wh-east"));
        Assert.False(Commerce.Contracts.ReplenishmentOrder.CouldDeliver("anything", "S", "wh-east"));
    }
}
