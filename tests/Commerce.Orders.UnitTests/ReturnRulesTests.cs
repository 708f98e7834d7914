using Commerce.Contracts;
using Commerce.Orders.Domain;

namespace Commerce.Orders.UnitTests;

public sealed class ReturnRulesTests
{
    static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    static Money Usd(long minor) => Money.Of(minor, "USD");

    /// <summary>2 × a and 1 × b at 10.00, 3.00 off, 5.00 shipping: 32.00 captured, 27.00 of it for goods (18.00 a, 9.00 b).</summary>
    static Order Discounted() => new()
    {
        Id = "ord_1",
        Status = OrderStatus.Delivered,
        CartId = "cart",
        Email = "a@b.c",
        Currency = "USD",
        Lines = [new OrderLine("a", 2, Usd(1000), Usd(2000)), new OrderLine("b", 1, Usd(1000), Usd(1000))],
        Totals = new OrderTotals(Usd(300), Usd(0), Usd(500), Usd(3200)),
        ShippingAddress = new ShippingAddress("n", "l", null, "c", null, "p", "US"),
        Shipments = [new OrderShipment("east", [new AllocatedItem("a", 2), new AllocatedItem("b", 1)], ShipmentStatus.Delivered)],
        Payment = new OrderPayment("auth", PaymentState.Captured, Usd(3200)),
        Timeline = [],
    };

    static Money Refund(Order order, string messageId) => order.PendingSteps.SingleOrDefault(s => s.Key == ReturnRules.RefundKey(messageId))?.Amount ?? Usd(0);

    [Fact]
    public void Returns_refund_each_line_its_share_of_what_was_paid_and_shipping_with_the_last_unit()
    {
        var order = ReturnRules.Receive(Discounted(), "east", [new AllocatedItem("a", 1)], "m1", Now);
        order = ReturnRules.Receive(order, "west", [new AllocatedItem("a", 3)], "m2", Now);
        Assert.Equal((Usd(900), Usd(900)), (Refund(order, "m1"), Refund(order, "m2")));
        Assert.Equal(OrderStatus.Delivered, order.Status);

        order = ReturnRules.Receive(order, "east", [new AllocatedItem("b", 1), new AllocatedItem("zzz", 1)], "m3", Now);

        Assert.Equal(Usd(900 + 500), Refund(order, "m3"));
        Assert.Equal(OrderStatus.Refunded, order.Status);
        Assert.Equal(order.Payment.Amount, order.PendingSteps.Where(s => s.Kind == PendingStepKind.Refund).Aggregate(Usd(0), (sum, s) => sum + s.Amount));
        Assert.Equal([(2, Usd(1800)), (1, Usd(900))], order.Lines.Select(l => (l.Returned, l.Refunded ?? default)));
        Assert.Equal([("west", 1)], order.PendingSteps.Where(s => s.Key == ReturnRules.RestockKey("m2")).Select(s => (s.WarehouseId, s.Items!.Single().Quantity)));
        Assert.Contains(order.Timeline, e => e.Note!.Contains("not returnable: 2 × a", StringComparison.Ordinal));
    }

    [Fact]
    public void A_return_with_nothing_left_to_return_owes_nothing_and_is_still_recorded_once()
    {
        var order = ReturnRules.Receive(Discounted(), "east", [new AllocatedItem("a", 2)], "m1", Now);

        var again = ReturnRules.Receive(order, "east", [new AllocatedItem("a", 1)], "m2", Now);

        Assert.Equal(order.PendingSteps, again.PendingSteps);
        Assert.Equal(["m1", "m2"], again.ProcessedMessages);
        Assert.Same(again, ReturnRules.Receive(again, "east", [new AllocatedItem("b", 1)], "m2", Now));
    }
}
