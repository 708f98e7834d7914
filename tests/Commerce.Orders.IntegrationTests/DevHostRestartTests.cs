using Commerce.Contracts;
using Commerce.DevHost.Orders;
using Commerce.Orders.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Orders.IntegrationTests;

/// <summary>The dev host started again on the data folder a killed one left behind.</summary>
public sealed class OrdersHostOn(string dataPath) : OrdersHost(dataPath)
{
    public CheckoutsInFlight InFlight => Services.GetRequiredService<CheckoutsInFlight>();

    public Task Recovered => Services.GetRequiredService<CheckoutRecovery>().Recovered;
}

/// <summary>
/// A kill between an order's creation and its completion (payment captured, stock committed, fulfilment not yet
/// requested) leaves no half-done order: the next start completes it from what the order records.
/// </summary>
public sealed class DevHostRestartTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_order_that_stood_when_the_dev_host_died_is_completed_at_the_next_start()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "commerce-orders-tests", Guid.NewGuid().ToString("N"));
        var sku = "restart-" + Guid.NewGuid().ToString("N")[..8];
        var orderId = "ord_" + Guid.NewGuid().ToString("N");
        try
        {
            await using (var killed = new OrdersHostOn(dataPath))
            {
                using var started = killed.CreateShopperClient();
                await killed.SeedAsync(sku, ("wh-east", 5));
                var shipment = new PlannedShipment("wh-east", [new AllocatedItem(sku, 2)]);
                await killed.Inventory.ReserveAsync(orderId, [new AllocationLine(sku, 2)], OrdersOptions.DefaultWarehouses, TimeSpan.FromMinutes(15), Ct);
                await killed.Inventory.CommitAsync(orderId, shipment, Ct);
                await killed.Orders.CreateAsync(StandingOrder(orderId, sku, shipment, killed.Clock.GetUtcNow()), Ct);
                var request = new CheckoutRequest("cart-gone", "token", "buyer@example.com", StandingOrder(orderId, sku, shipment, killed.Clock.GetUtcNow()).ShippingAddress, "tok_approve");
                await killed.InFlight.AddAsync(new QueuedCheckout(orderId, request, killed.Clock.GetUtcNow()), Ct);
                Assert.Equal((3, 2), ((await killed.StockAsync(sku)).OnHand, (await killed.StockAsync(sku)).Holds.Sum(h => h.Quantity)));
            }

            await using var restarted = new OrdersHostOn(dataPath);
            using var http = await restarted.CreateAdminClientAsync(); // the order was written here, not checked out: no token
            await restarted.Recovered.WaitAsync(OrdersHost.Deadline, Ct);

            var order = await OrdersHost.WaitForOrderAsync(http, orderId, o => o.GetProperty("status").GetString() == "fulfilling");
            Assert.Equal("fulfilling", order.GetProperty("status").GetString());
            var stock = await restarted.StockAsync(sku);
            Assert.Equal((3, 0), (stock.OnHand, stock.Reserved));
            Assert.All(stock.Holds, h => Assert.Equal(HoldState.Committed, h.State)); // sold: committed until the warehouse confirms the shipment
            Assert.Contains(restarted.Sent.SentTo(WarehouseQueues.FulfilmentRequests), m => m.Contains(orderId, StringComparison.Ordinal) && m.Contains("wh-east", StringComparison.Ordinal));
            Assert.DoesNotContain(await restarted.InFlight.AllAsync(Ct).ToListAsync(Ct), c => c.OrderId == orderId);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(dataPath))
            {
                Directory.Delete(dataPath, recursive: true);
            }
        }
    }

    static Order StandingOrder(string orderId, string sku, PlannedShipment shipment, DateTimeOffset at)
    {
        var unit = new Money(1000, "USD");
        var total = new Money(2000, "USD");
        var zero = new Money(0, "USD");
        return new Order
        {
            Id = orderId,
            Status = OrderStatus.Allocated,
            CartId = "cart-gone",
            Email = "buyer@example.com",
            Currency = "USD",
            Lines = [new OrderLine(sku, 2, unit, total)],
            Totals = new OrderTotals(zero, zero, zero, total),
            ShippingAddress = new ShippingAddress("Ada Buyer", "1 Main St", null, "Springfield", "IL", "62701", "US"),
            Shipments = [new OrderShipment(shipment.WarehouseId, shipment.Items, ShipmentStatus.Requested)],
            Payment = new OrderPayment("auth_" + orderId, PaymentState.Captured, total),
            Timeline = [new OrderEvent(at, OrderStatus.Pending), new OrderEvent(at, OrderStatus.Paid), new OrderEvent(at, OrderStatus.Allocated)],
        };
    }
}
