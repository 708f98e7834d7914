using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Commerce.Orders.Domain;
using Commerce.Primitives;
using Commerce.ServiceDefaults;

namespace Commerce.Orders.IntegrationTests;

/// <summary>The checkout sagas on the dev host's in-process durable engine.</summary>
public sealed class InMemoryCheckoutSagaTests(OrdersHost host) : CheckoutSagaTests(host), IClassFixture<OrdersHost>;

/// <summary>The same sagas on the Azurite backend: the Azure Storage durable provider and Storage queues, as in Azure.</summary>
public sealed class AzuriteCheckoutSagaTests(AzuriteOrdersHost host) : CheckoutSagaTests(host), IClassFixture<AzuriteOrdersHost>;

/// <summary>The checkout saga under a real replay engine, end to end over HTTP, once per dev host backend.</summary>
public abstract class CheckoutSagaTests(OrdersHost host)
{
    readonly HttpClient http = host.CreateShopperClient();

    static string NewSku() => "sku-" + Guid.NewGuid().ToString("N")[..12];

    static string Status(JsonElement order) => order.GetProperty("status").GetString()!;

    static string? FailureCode(JsonElement order) => order.TryGetProperty("failure", out var f) ? f.GetProperty("code").GetString() : null;

    async Task<PaymentRecord?> PaymentOf(string orderId) => await host.Payments.GetAsync(SimulatedPaymentGateway.AuthorizationIdFor(orderId), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Checkout_places_the_order_commits_stock_captures_payment_and_requests_fulfilment_per_warehouse()
    {
        string a = NewSku(), b = NewSku();
        await host.SeedAsync(a, ("wh-east", 2), ("wh-west", 5));
        await host.SeedAsync(b, ("wh-west", 1), ("wh-central", 9));
        var (cartId, token) = host.PutCart([(a, 3), (b, 2)], ["SPRING10"]);

        using var response = await OrdersHost.CheckoutAsync(http, Guid.NewGuid().ToString(), OrdersHost.Body(cartId, token));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var orderId = accepted.GetProperty("orderId").GetString()!;
        Assert.Equal($"/api/orders/{orderId}", accepted.GetProperty("statusUrl").GetString());

        var order = await OrdersHost.WaitForOutcomeAsync(http, orderId);
        Assert.Equal("fulfilling", Status(order));
        var placed = order.GetProperty("order");
        Assert.Equal(["pending", "paid", "allocated", "fulfilling"], placed.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("status").GetString()!));
        var shipments = placed.GetProperty("shipments").EnumerateArray().ToList();
        Assert.Equal(5, shipments.Sum(s => s.GetProperty("items").EnumerateArray().Sum(i => i.GetProperty("quantity").GetInt32())));

        var stockA = await host.StockAsync(a);
        var stockB = await host.StockAsync(b);
        Assert.Equal(7 - 3, stockA.OnHand);
        Assert.Equal(10 - 2, stockB.OnHand);
        Assert.Equal(0, stockA.Reserved + stockB.Reserved);
        Assert.All(stockA.Holds.Concat(stockB.Holds), h => Assert.Equal(HoldState.Committed, h.State)); // sold: committed until the warehouse confirms the shipment
        Assert.Equal(5, stockA.Warehouses.Concat(stockB.Warehouses).Sum(w => w.Committed));
        Assert.Equal(PaymentState.Captured, (await PaymentOf(orderId))!.State);
        Assert.False(host.Carts.Contains(cartId));
        Assert.Contains(host.Carts.ConsumedPromotions, p => p.Code == "SPRING10" && p.OrderId == orderId);
        // The requests go out as the order turns to fulfilling: on Storage queues (the Azurite backend) they may land just after.
        List<FulfilmentRequest> requests = [];
        await Commerce.Testing.Eventually.UntilAsync(
            () => (requests = host.Sent.SentTo(WarehouseQueues.FulfilmentRequests)
                .Select(m => JsonSerializer.Deserialize<FulfilmentRequest>(m, CommerceJson.Options)!).Where(r => r.OrderId == orderId).ToList()).Count >= shipments.Count,
            OrdersHost.Deadline, because: "a fulfilment request per shipment", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(shipments.Select(s => s.GetProperty("warehouseId").GetString()).Order(), requests.Select(r => r.WarehouseId).Order());
    }

    [Fact]
    public async Task Checkout_of_a_cart_that_does_not_exist_is_404_and_touches_no_stock_or_payment()
    {
        var sku = NewSku();
        await host.SeedAsync(sku, ("wh-east", 5));
        var key = Guid.NewGuid().ToString();
        using var response = await OrdersHost.CheckoutAsync(http, key, OrdersHost.Body("cart-missing", "nope"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(Problems.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Null(await host.OrderIdOfKeyAsync(key)); // no order admitted, so none can be paid for
        Assert.Equal(5, (await host.StockAsync(sku)).Available);
    }

    [Fact]
    public async Task Checkout_fails_out_of_stock_without_authorizing_payment()
    {
        var sku = NewSku();
        await host.SeedAsync(sku, ("wh-east", 1), ("wh-west", 1));
        var orderId = await host.StartCheckoutAsync(http, SimulatedPaymentGateway.Approve, (sku, 3));

        var order = await OrdersHost.WaitForOutcomeAsync(http, orderId);

        Assert.Equal(CheckoutFailureCodes.OutOfStock, FailureCode(order));
        Assert.Null(await PaymentOf(orderId));
        var stock = await host.StockAsync(sku);
        Assert.Equal((2, 0), (stock.OnHand, stock.Reserved));
    }

    [Fact]
    public async Task Checkout_releases_reservations_when_payment_is_declined()
    {
        var sku = NewSku();
        await host.SeedAsync(sku, ("wh-east", 4));
        var orderId = await host.StartCheckoutAsync(http, SimulatedPaymentGateway.Decline, (sku, 2));

        var order = await OrdersHost.WaitForOutcomeAsync(http, orderId);

        Assert.Equal(CheckoutFailureCodes.PaymentDeclined, FailureCode(order));
        Assert.Equal(PaymentState.Declined, (await PaymentOf(orderId))!.State);
        Assert.Equal(1, host.Payments.AuthorizeAttempts(orderId));
        var stock = await host.StockAsync(sku);
        Assert.Equal((4, 0, 4), (stock.OnHand, stock.Reserved, stock.Available));
        Assert.Empty(stock.Holds);
    }

    [Fact]
    public async Task Checkout_retries_a_timing_out_provider_then_fails_and_releases_stock()
    {
        var sku = NewSku();
        await host.SeedAsync(sku, ("wh-central", 3));
        var before = host.Payments.TimeoutCount;
        var orderId = await host.StartCheckoutAsync(http, SimulatedPaymentGateway.Timeout, (sku, 1));

        var order = await OrdersHost.WaitForOutcomeAsync(http, orderId);

        Assert.Equal(CheckoutFailureCodes.PaymentUnavailable, FailureCode(order));
        Assert.True(host.Payments.TimeoutCount - before >= 4, "the transient failure is retried by the retry policy (4 attempts)");
        Assert.Equal(4, host.Payments.AuthorizeAttempts(orderId));
        Assert.Equal((3, 0), ((await host.StockAsync(sku)).Available, (await host.StockAsync(sku)).Reserved));
    }

    [Fact]
    public async Task Checkout_waits_for_the_signed_payment_webhook_then_completes()
    {
        var sku = NewSku();
        await host.SeedAsync(sku, ("wh-east", 3));
        var orderId = await host.StartCheckoutAsync(http, SimulatedPaymentGateway.RequiresAction, (sku, 1));
        await OrdersHost.WaitForOrderAsync(http, orderId, o => o.TryGetProperty("stage", out var s) && s.GetString() == "awaiting_payment_action");

        var payload = JsonSerializer.Serialize(OrdersHost.ActionCompleted(orderId), CommerceJson.Options);
        using (var forged = await OrdersHost.PostPaymentWebhookAsync(http, payload, signature: $"t={DateTimeOffset.UtcNow.ToUnixTimeSeconds()},v1={new string('0', 64)}"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }

        using (var signed = await OrdersHost.PostPaymentWebhookAsync(http, payload))
        {
            Assert.Equal(HttpStatusCode.Accepted, signed.StatusCode);
        }

        var order = await OrdersHost.WaitForOutcomeAsync(http, orderId);
        Assert.Equal("fulfilling", Status(order));
        Assert.Equal(PaymentState.Captured, (await PaymentOf(orderId))!.State);
        Assert.Equal(2, (await host.StockAsync(sku)).OnHand);
    }

    [Fact]
    public async Task Checkout_voids_and_releases_when_the_customer_never_completes_the_payment_action()
    {
        var sku = NewSku();
        await host.SeedAsync(sku, ("wh-east", 3));
        var orderId = await host.StartCheckoutAsync(http, SimulatedPaymentGateway.RequiresAction, (sku, 2));

        var order = await OrdersHost.WaitForOutcomeAsync(http, orderId);

        Assert.Equal(CheckoutFailureCodes.PaymentActionTimedOut, FailureCode(order));
        Assert.Equal(PaymentState.Voided, (await PaymentOf(orderId))!.State);
        Assert.Equal((3, 0), ((await host.StockAsync(sku)).Available, (await host.StockAsync(sku)).Reserved));
    }

    [Fact]
    public async Task Checkout_puts_committed_stock_back_and_voids_when_capture_fails()
    {
        string a = NewSku(), b = NewSku();
        await host.SeedAsync(a, ("wh-east", 1), ("wh-west", 1));
        await host.SeedAsync(b, ("wh-central", 2));
        var orderId = await host.StartCheckoutAsync(http, SimulatedPaymentGateway.CaptureFails, (a, 2), (b, 1));

        var order = await OrdersHost.WaitForOutcomeAsync(http, orderId);

        Assert.Equal(CheckoutFailureCodes.CaptureFailed, FailureCode(order));
        Assert.Equal(PaymentState.Voided, (await PaymentOf(orderId))!.State);
        var (stockA, stockB) = (await host.StockAsync(a), await host.StockAsync(b));
        Assert.Equal((2, 0, 2), (stockA.OnHand, stockA.Reserved, stockA.Available));
        Assert.Equal((2, 0, 2), (stockB.OnHand, stockB.Reserved, stockB.Available));
        Assert.Empty(stockA.Holds.Concat(stockB.Holds));
    }
}
