using Commerce.Contracts;
using Commerce.Orders.Domain;

namespace Commerce.Orders.UnitTests;

public sealed class OrderStateMachineTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<OrderStatus, OrderStatus> Allowed => new()
    {
        { OrderStatus.Pending, OrderStatus.Paid },
        { OrderStatus.Paid, OrderStatus.Allocated },
        { OrderStatus.Allocated, OrderStatus.Fulfilling },
        { OrderStatus.Fulfilling, OrderStatus.PartiallyShipped },
        { OrderStatus.PartiallyShipped, OrderStatus.Shipped },
        { OrderStatus.Fulfilling, OrderStatus.Shipped },
        { OrderStatus.Shipped, OrderStatus.Delivered },
        { OrderStatus.Delivered, OrderStatus.Refunded },
        { OrderStatus.Pending, OrderStatus.Cancelled },
        { OrderStatus.Paid, OrderStatus.Cancelled },
        { OrderStatus.Allocated, OrderStatus.Cancelled },
        { OrderStatus.Fulfilling, OrderStatus.Cancelled },
        { OrderStatus.Pending, OrderStatus.Failed },
        { OrderStatus.Paid, OrderStatus.Refunded },
    };

    public static TheoryData<OrderStatus, OrderStatus> Forbidden => new()
    {
        { OrderStatus.Pending, OrderStatus.Shipped },
        { OrderStatus.Paid, OrderStatus.Delivered },
        { OrderStatus.PartiallyShipped, OrderStatus.Cancelled },
        { OrderStatus.Shipped, OrderStatus.Cancelled },
        { OrderStatus.Delivered, OrderStatus.Shipped },
        { OrderStatus.Cancelled, OrderStatus.Paid },
        { OrderStatus.Failed, OrderStatus.Paid },
        { OrderStatus.Refunded, OrderStatus.Delivered },
        { OrderStatus.Allocated, OrderStatus.Pending },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Allowed_transitions_move_the_order_and_append_to_its_timeline(OrderStatus from, OrderStatus to)
    {
        var order = OrderStateMachine.Transition(NewOrder(from), to, Now, "why");

        Assert.Equal(to, order.Status);
        Assert.Equal(new OrderEvent(Now, to, "why"), order.Timeline[^1]);
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void Forbidden_transitions_throw_and_name_both_states(OrderStatus from, OrderStatus to)
    {
        var ex = Assert.Throws<InvalidOrderTransitionException>(() => OrderStateMachine.Transition(NewOrder(from), to, Now));

        Assert.Equal((from, to), (ex.From, ex.To));
    }

    [Fact]
    public void Cancel_is_possible_only_until_something_ships()
    {
        var cancellable = Enum.GetValues<OrderStatus>().Where(OrderStateMachine.CanCancel).ToHashSet();

        Assert.Equal([OrderStatus.Pending, OrderStatus.Paid, OrderStatus.Allocated, OrderStatus.Fulfilling], cancellable.Order());
    }

    [Fact]
    public void Shipment_status_drives_partially_shipped_shipped_and_delivered()
    {
        var order = NewOrder(OrderStatus.Fulfilling) with
        {
            Shipments = [new("a", [], ShipmentStatus.Shipped), new("b", [], ShipmentStatus.Requested)],
        };
        Assert.Equal(OrderStatus.PartiallyShipped, OrderStateMachine.StatusFromShipments(order));

        order = order with { Shipments = [new("a", [], ShipmentStatus.Delivered), new("b", [], ShipmentStatus.Delivered)] };
        var delivered = OrderStateMachine.Advance(order, OrderStateMachine.StatusFromShipments(order), Now);

        Assert.Equal([OrderStatus.Shipped, OrderStatus.Delivered], delivered.Timeline.Skip(1).Select(e => e.Status));
    }

    internal static Order NewOrder(OrderStatus status) => new()
    {
        Id = "ord_1",
        Status = status,
        CartId = "c",
        Email = "a@b.c",
        Currency = "USD",
        Lines = [new OrderLine("a", 1, Money.Of(100, "USD"), Money.Of(100, "USD"))],
        Totals = new OrderTotals(Money.Zero("USD"), Money.Zero("USD"), Money.Zero("USD"), Money.Of(100, "USD")),
        ShippingAddress = new ShippingAddress("n", "l", null, "c", null, "p", "US"),
        Shipments = [],
        Payment = new OrderPayment("auth_ord_1", PaymentState.Captured, Money.Of(100, "USD")),
        Timeline = [new OrderEvent(Now, status)],
    };
}
