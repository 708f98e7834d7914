using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Orders.Domain;
using Commerce.Primitives;
using Commerce.ServiceDefaults;
using Commerce.Testing;

namespace Commerce.Orders.IntegrationTests;

/// <summary>Cancellation on the embedded SQLite store.</summary>
public sealed class SqliteFulfilmentCancellationTests(OrdersHost host) : FulfilmentCancellationTests(host), IClassFixture<OrdersHost>;

/// <summary>Cancellation with every app on the Cosmos DB adapter (the Cosmos DB server from npm).</summary>
public sealed class CosmosFulfilmentCancellationTests(CosmosOrdersHost host) : FulfilmentCancellationTests(host), IClassFixture<CosmosOrdersHost>;

/// <summary>
/// Cancelling an order whose fulfilment was requested: the warehouses are asked to stop, and the money and stock come
/// back only when they confirm; a warehouse that already shipped refuses the cancel and the order ships.
/// </summary>
public abstract class FulfilmentCancellationTests(OrdersHost host)
{
    readonly HttpClient http = host.CreateShopperClient();

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static string Json(object value) => JsonSerializer.Serialize(value, CommerceJson.Options);

    static string NewSku() => "fcancel-" + Guid.NewGuid().ToString("N")[..10];

    async Task<PaymentRecord> PaymentOf(string orderId) => (await host.Payments.GetAsync(SimulatedPaymentGateway.AuthorizationIdFor(orderId), Ct))!;

    async Task<string> FulfillingOrderAsync(params (string Sku, int Quantity)[] lines)
    {
        var orderId = await host.StartCheckoutAsync(http, SimulatedPaymentGateway.Approve, lines);
        Assert.Equal("fulfilling", (await OrdersHost.WaitForOutcomeAsync(http, orderId)).GetProperty("status").GetString());
        return orderId;
    }

    List<FulfilmentCancellationRequest> CancellationsSentFor(string orderId)
        => [.. host.Sent.SentTo(WarehouseQueues.FulfilmentCancellations).Select(m => JsonSerializer.Deserialize<FulfilmentCancellationRequest>(m, CommerceJson.Options)!).Where(r => r.OrderId == orderId)];

    Task<HttpResponseMessage> CancelAsync(string orderId) => http.PostAsync($"/api/orders/{orderId}/cancel", null, Ct);

    ValueTask AnswerAsync(string messageId, string warehouseId, string orderId, FulfilmentCancellationOutcome outcome)
        => host.Broker.SendAsync(WarehouseQueues.CancellationConfirmations, Json(new CancellationConfirmationMessage(messageId, warehouseId, orderId, outcome)), Ct);

    [Fact]
    public async Task Cancelling_a_fulfilling_order_asks_each_warehouse_to_cancel_and_refunds_nothing_until_they_confirm()
    {
        string a = NewSku(), b = NewSku();
        await host.SeedAsync(a, ("wh-east", 2));
        await host.SeedAsync(b, ("wh-west", 2));
        var orderId = await FulfillingOrderAsync((a, 1), (b, 2));

        using var cancel = await CancelAsync(orderId);
        using var again = await CancelAsync(orderId);

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(["wh-east", "wh-west"], CancellationsSentFor(orderId).Select(r => r.WarehouseId).Order());
        var order = (await host.Orders.GetAsync(orderId, Ct))!;
        Assert.Equal(OrderStatus.Fulfilling, order.Status);
        Assert.NotNull(order.Cancellation);
        Assert.Empty(order.PendingSteps);
        Assert.Equal(PaymentState.Captured, (await PaymentOf(orderId)).State);
        Assert.Empty(host.Payments.RefundsOf(SimulatedPaymentGateway.AuthorizationIdFor(orderId)));
        Assert.Equal((1, 0), ((await host.StockAsync(a)).OnHand, (await host.StockAsync(b)).OnHand));

        // One warehouse confirming is not enough: the other may still ship.
        await AnswerAsync("c-east", "wh-east", orderId, FulfilmentCancellationOutcome.Cancelled);
        await Eventually.UntilAsync(async () => (await host.Orders.GetAsync(orderId, Ct))!.Cancellation!.ConfirmedBy.Count == 1, OrdersHost.Deadline, because: "the first confirmation to be recorded", cancellationToken: Ct);
        Assert.Equal(OrderStatus.Fulfilling, (await host.Orders.GetAsync(orderId, Ct))!.Status);
        Assert.Empty(host.Payments.RefundsOf(SimulatedPaymentGateway.AuthorizationIdFor(orderId)));
        Assert.Equal(1, (await host.StockAsync(a)).OnHand);
    }

    [Fact]
    public async Task A_confirmed_cancellation_refunds_and_restocks_exactly_once_even_when_the_confirmation_arrives_twice()
    {
        string a = NewSku(), b = NewSku();
        await host.SeedAsync(a, ("wh-east", 2));
        await host.SeedAsync(b, ("wh-west", 2));
        var orderId = await FulfillingOrderAsync((a, 1), (b, 2));
        using var cancel = await CancelAsync(orderId);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);

        await AnswerAsync("c-east", "wh-east", orderId, FulfilmentCancellationOutcome.Cancelled);
        await AnswerAsync("c-west", "wh-west", orderId, FulfilmentCancellationOutcome.Cancelled);
        await AnswerAsync("c-west", "wh-west", orderId, FulfilmentCancellationOutcome.Cancelled);
        await AnswerAsync("c-east-2", "wh-east", orderId, FulfilmentCancellationOutcome.Cancelled);
        await OrdersHost.WaitForOrderAsync(http, orderId, o => o.GetProperty("status").GetString() == "cancelled");
        await Eventually.UntilAsync(async () => await host.Orders.GetAsync(orderId, Ct) is { PendingSteps.Count: 0 } done && new[] { "c-east", "c-west", "c-east-2" }.All(done.ProcessedMessages.Contains), OrdersHost.Deadline, because: "the cancel to be finished", cancellationToken: Ct);

        Assert.Equal(["cancel:" + orderId], host.Payments.RefundsOf(SimulatedPaymentGateway.AuthorizationIdFor(orderId)));
        Assert.Equal(PaymentState.Refunded, (await PaymentOf(orderId)).State);
        Assert.Equal((2, 2), ((await host.StockAsync(a)).OnHand, (await host.StockAsync(b)).OnHand));
        Assert.DoesNotContain(host.Broker.Poisoned, p => p.Body.Contains(orderId, StringComparison.Ordinal));
        using var view = await http.GetAsync($"/api/orders/{orderId}", Ct);
        Assert.Equal("cancelled", (await view.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_warehouse_that_already_shipped_refuses_the_cancel_and_the_order_ships_without_refund()
    {
        var sku = NewSku();
        await host.SeedAsync(sku, ("wh-east", 3));
        var orderId = await FulfillingOrderAsync((sku, 2));
        using var cancel = await CancelAsync(orderId);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);

        await AnswerAsync("c-1", "wh-east", orderId, FulfilmentCancellationOutcome.AlreadyShipped);
        await Eventually.UntilAsync(async () => (await host.Orders.GetAsync(orderId, Ct))!.Cancellation?.Refused == true, OrdersHost.Deadline, because: "the refusal to be recorded", cancellationToken: Ct);
        using var late = await CancelAsync(orderId);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);

        await host.Broker.SendAsync(WarehouseQueues.ShipmentConfirmations, Json(new ShipmentConfirmationMessage("s-1", "wh-east", orderId, ShipmentStatus.Shipped, "T-1")), Ct);
        await OrdersHost.WaitForOrderAsync(http, orderId, o => o.GetProperty("status").GetString() == "shipped");

        Assert.Empty(host.Payments.RefundsOf(SimulatedPaymentGateway.AuthorizationIdFor(orderId)));
        Assert.Equal(PaymentState.Captured, (await PaymentOf(orderId)).State);
        Assert.Equal(1, (await host.StockAsync(sku)).OnHand);
    }

    [Fact]
    public async Task A_shipment_confirmed_before_the_warehouse_answers_refuses_a_late_cancelled_answer()
    {
        var sku = NewSku();
        await host.SeedAsync(sku, ("wh-east", 3));
        var orderId = await FulfillingOrderAsync((sku, 2));
        using var cancel = await CancelAsync(orderId);

        await host.Broker.SendAsync(WarehouseQueues.ShipmentConfirmations, Json(new ShipmentConfirmationMessage("s-1", "wh-east", orderId, ShipmentStatus.Shipped, "T-1")), Ct);
        await OrdersHost.WaitForOrderAsync(http, orderId, o => o.GetProperty("status").GetString() == "shipped");
        await AnswerAsync("c-1", "wh-east", orderId, FulfilmentCancellationOutcome.Cancelled);
        await Eventually.UntilAsync(async () => (await host.Orders.GetAsync(orderId, Ct))!.ProcessedMessages.Contains("c-1"), OrdersHost.Deadline, because: "the answer to be applied", cancellationToken: Ct);

        Assert.Equal(OrderStatus.Shipped, (await host.Orders.GetAsync(orderId, Ct))!.Status);
        Assert.Empty(host.Payments.RefundsOf(SimulatedPaymentGateway.AuthorizationIdFor(orderId)));
        Assert.Equal(1, (await host.StockAsync(sku)).OnHand);
    }

    [Fact]
    public async Task Cancelling_a_shipped_order_is_409_pointing_to_returns_and_changes_nothing()
    {
        var sku = NewSku();
        await host.SeedAsync(sku, ("wh-east", 3));
        var orderId = await FulfillingOrderAsync((sku, 1));
        await host.Orders.ApplyShipmentAsync(orderId, "wh-east", ShipmentStatus.Shipped, "TRACK1", "m1", Ct);

        using var late = await CancelAsync(orderId);

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("application/problem+json", late.Content.Headers.ContentType?.MediaType);
        var problem = await late.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("return", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(CancellationsSentFor(orderId));
        Assert.Empty(host.Payments.RefundsOf(SimulatedPaymentGateway.AuthorizationIdFor(orderId)));
        Assert.Equal(2, (await host.StockAsync(sku)).OnHand);
    }

    [Fact]
    public async Task A_malformed_or_unsolicited_cancellation_answer_is_poisoned_with_the_reason()
    {
        var sku = NewSku();
        await host.SeedAsync(sku, ("wh-east", 3));
        var orderId = await FulfillingOrderAsync((sku, 1));

        await host.Broker.SendAsync(WarehouseQueues.CancellationConfirmations, Json(new { messageId = "bad-1", warehouseId = "wh-nowhere", orderId, outcome = "cancelled" }), Ct);
        await host.Broker.SendAsync(WarehouseQueues.CancellationConfirmations, Json(new { messageId = "bad-2", warehouseId = "wh-east", orderId, outcome = "maybe" }), Ct);
        await AnswerAsync("bad-3", "wh-east", orderId, FulfilmentCancellationOutcome.Cancelled);

        await Eventually.UntilAsync(() => host.Broker.Poisoned.Count(p => p.Queue == WarehouseQueues.CancellationConfirmations && p.Body.Contains(orderId, StringComparison.Ordinal)) == 3, OrdersHost.Deadline, because: "every bad answer to be poisoned", cancellationToken: Ct);
        Assert.All(host.Broker.Poisoned.Where(p => p.Body.Contains(orderId, StringComparison.Ordinal)), p => Assert.False(string.IsNullOrWhiteSpace(p.Reason)));
        Assert.Equal(OrderStatus.Fulfilling, (await host.Orders.GetAsync(orderId, Ct))!.Status);
        Assert.Empty(host.Payments.RefundsOf(SimulatedPaymentGateway.AuthorizationIdFor(orderId)));
    }
}
