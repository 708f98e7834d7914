using System.Net;
using System.Text;
using System.Text.Json;
using Commerce.Contracts;
using Commerce.Orders.Domain;
using Commerce.Orders.Warehouses;
using Commerce.Primitives;
using Commerce.ServiceDefaults;
using Commerce.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Orders.IntegrationTests;

/// <summary>Levels, shipments and returns on the embedded SQLite store.</summary>
public sealed class SqliteStockReconciliationTests(OrdersHost host) : StockReconciliationTests(host), IClassFixture<OrdersHost>;

/// <summary>Levels, shipments and returns with every app on the Cosmos DB adapter (the Cosmos DB server from npm).</summary>
public sealed class CosmosStockReconciliationTests(CosmosOrdersHost host) : StockReconciliationTests(host), IClassFixture<CosmosOrdersHost>;

/// <summary>
/// Warehouse levels, shipments and returns against checkouts and orders, through the dev host (its replay engine, its
/// queue triggers and the signed payment webhook): stock never goes negative and returns restock once.
/// </summary>
public abstract class StockReconciliationTests(OrdersHost host)
{
    readonly HttpClient http = host.CreateShopperClient();

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static string NewSku() => "lvl-" + Guid.NewGuid().ToString("N")[..12];

    static string Json(object value) => JsonSerializer.Serialize(value, CommerceJson.Options);

    [Fact]
    public async Task Checkout_fails_out_of_stock_and_voids_the_authorization_when_the_warehouse_level_drops_below_the_hold_before_payment_completes()
    {
        var sku = NewSku();
        await host.SeedAsync(sku, ("wh-east", 2));
        var orderId = await host.StartCheckoutAsync(http, SimulatedPaymentGateway.RequiresAction, (sku, 2));
        await OrdersHost.WaitForOrderAsync(http, orderId, o => o.TryGetProperty("stage", out var s) && s.GetString() == "awaiting_payment_action");
        Assert.Equal(2, (await host.StockAsync(sku)).Reserved);

        // The warehouse counts its shelves and finds one unit: the 2 held no longer fit.
        await host.Broker.SendAsync(WarehouseQueues.StockLevels, Json(new StockLevelMessage("wh-east", sku, 1, 1)), Ct);
        await Eventually.UntilAsync(async () => (await host.StockAsync(sku)).Warehouses.Single().Sequence == 1, OrdersHost.Deadline, because: "the level to be applied", cancellationToken: Ct);

        using (var response = await OrdersHost.PostPaymentWebhookAsync(http, OrdersHost.ActionCompleted(orderId)))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var order = await OrdersHost.WaitForOutcomeAsync(http, orderId);
        Assert.Equal("failed", order.GetProperty("status").GetString());
        Assert.Equal(CheckoutFailureCodes.OutOfStock, order.GetProperty("failure").GetProperty("code").GetString());
        Assert.Equal(PaymentState.Voided, (await host.Payments.GetAsync(SimulatedPaymentGateway.AuthorizationIdFor(orderId), Ct))!.State);
        var stock = await host.StockAsync(sku);
        Assert.All(stock.Warehouses, w => Assert.True(w.OnHand >= 0, $"{w.WarehouseId} has {w.OnHand} on hand"));
        Assert.Equal((1, 0, 1), (stock.OnHand, stock.Reserved, stock.Available));
        Assert.Empty(stock.Holds);
    }

    [Fact]
    public async Task A_return_message_restocks_the_warehouse_that_received_it_once_however_often_it_is_delivered()
    {
        var sku = NewSku();
        await host.SeedAsync(sku, ("wh-east", 3));
        var orderId = await host.StartCheckoutAsync(http, SimulatedPaymentGateway.Approve, (sku, 2));
        await OrdersHost.WaitForOutcomeAsync(http, orderId);
        await host.Broker.SendAsync(WarehouseQueues.ShipmentConfirmations, Json(new ShipmentConfirmationMessage("ship-" + orderId, "wh-east", orderId, ShipmentStatus.Shipped, "T-1")), Ct);
        await OrdersHost.WaitForOrderAsync(http, orderId, o => o.GetProperty("status").GetString() == "shipped");

        // One unit comes back to another warehouse; the queue delivers the message, then delivers it again.
        var returned = Json(new ReturnReceivedMessage("ret-" + orderId, "wh-west", orderId, [new AllocatedItem(sku, 1)]));
        await host.Broker.SendAsync(WarehouseQueues.Returns, returned, Ct);
        var auth = SimulatedPaymentGateway.AuthorizationIdFor(orderId);
        await Eventually.UntilAsync(async () => (await host.Orders.GetAsync(orderId, Ct))!.ProcessedMessages.Contains("ret-" + orderId) && (await host.Orders.GetAsync(orderId, Ct))!.PendingSteps.Count == 0 && host.Payments.RefundsOf(auth).Count == 1, OrdersHost.Deadline, because: "the return to be applied", cancellationToken: Ct);
        await ActivatorUtilities.CreateInstance<WarehouseQueueFunctions>(host.Services).ReturnReceived(returned, Ct);

        var stock = await host.StockAsync(sku);
        Assert.Equal(1, stock.Warehouses.Single(w => w.WarehouseId == "wh-west").OnHand);
        Assert.Equal(1, stock.Warehouses.Single(w => w.WarehouseId == "wh-east").OnHand);
        Assert.Equal(Money.Of(1000, "USD"), (await host.Payments.GetAsync(auth, Ct))!.Refunded);
    }
}
