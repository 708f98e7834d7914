using System.Text.Json;
using Commerce.Documents;
using Commerce.Orders.Domain;
using Commerce.Primitives;
using Commerce.ServiceDefaults;
using Commerce.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Orders.IntegrationTests;

/// <summary>The orders host with a fault injector beneath its document store.</summary>
public sealed class FaultyStoreOrdersHost : OrdersHost
{
    public FaultInjectingDocumentStore Store => Services.DocumentStoreFaults<FaultInjectingDocumentStore>();

    protected override void ConfigureServices(IServiceCollection services) => services.AddDocumentStoreFaults(adapter => new FaultInjectingDocumentStore(adapter));
}

/// <summary>
/// The saga's steps after payment capture failing under the real replay engine: the order write failing for good is
/// compensated (refund, stock back); failing once is retried and the order completes exactly once.
/// </summary>
public sealed class CheckoutStoreFailureTests(FaultyStoreOrdersHost host) : IClassFixture<FaultyStoreOrdersHost>
{
    readonly HttpClient http = host.CreateShopperClient();

    static string NewSku() => "sku-" + Guid.NewGuid().ToString("N")[..12];

    async Task<PaymentRecord?> PaymentOf(string orderId) => await host.Payments.GetAsync(SimulatedPaymentGateway.AuthorizationIdFor(orderId), TestContext.Current.CancellationToken);

    [Fact]
    public async Task An_order_that_cannot_be_written_after_capture_is_refunded_and_its_stock_put_back()
    {
        string a = NewSku(), b = NewSku();
        await host.SeedAsync(a, ("wh-east", 2), ("wh-west", 2));
        await host.SeedAsync(b, ("wh-central", 4));
        host.Store.Fault = call => call is { Container: Order.Container, Operation: DocumentOperation.Create }
            ? new InvalidOperationException("Injected fault: the order cannot be written.")
            : null;
        try
        {
            var orderId = await host.StartCheckoutAsync(http, SimulatedPaymentGateway.Approve, (a, 3), (b, 1));

            var outcome = await OrdersHost.WaitForOutcomeAsync(http, orderId);

            Assert.Equal("failed", outcome.GetProperty("status").GetString());
            Assert.Equal(PaymentState.Refunded, (await PaymentOf(orderId))!.State);
            var (stockA, stockB) = (await host.StockAsync(a), await host.StockAsync(b));
            Assert.Equal((4, 0, 4), (stockA.OnHand, stockA.Reserved, stockA.Available));
            Assert.Equal((4, 0, 4), (stockB.OnHand, stockB.Reserved, stockB.Available));
            Assert.Empty(stockA.Holds.Concat(stockB.Holds));
            Assert.DoesNotContain(host.Sent.SentTo(WarehouseQueues.FulfilmentRequests), m => m.Contains(orderId, StringComparison.Ordinal));
        }
        finally
        {
            host.Store.Fault = null;
        }
    }

    [Fact]
    public async Task An_order_write_failing_once_after_capture_is_retried_and_the_order_completes_once()
    {
        var sku = NewSku();
        await host.SeedAsync(sku, ("wh-east", 5));
        var failed = 0;
        host.Store.Fault = call => call is { Container: Order.Container, Operation: DocumentOperation.Replace } && Interlocked.Exchange(ref failed, 1) == 0
            ? new InvalidOperationException("Injected fault: one order write fails.")
            : null;
        try
        {
            var orderId = await host.StartCheckoutAsync(http, SimulatedPaymentGateway.Approve, (sku, 2));

            var outcome = await OrdersHost.WaitForOutcomeAsync(http, orderId);

            Assert.Equal(1, failed);
            Assert.Equal("fulfilling", outcome.GetProperty("status").GetString());
            Assert.Equal(PaymentState.Captured, (await PaymentOf(orderId))!.State);
            var stock = await host.StockAsync(sku);
            Assert.Equal((3, 0, 3), (stock.OnHand, stock.Reserved, stock.Available));
            var requests = host.Sent.SentTo(WarehouseQueues.FulfilmentRequests)
                .Select(m => JsonSerializer.Deserialize<FulfilmentRequest>(m, CommerceJson.Options)!).Where(r => r.OrderId == orderId).ToList();
            Assert.Equal(["wh-east"], requests.Select(r => r.WarehouseId).Distinct());
        }
        finally
        {
            host.Store.Fault = null;
        }
    }

    [Fact]
    public async Task An_order_step_failing_after_the_order_was_written_completes_the_standing_order_without_refund_or_restock()
    {
        var sku = NewSku();
        await host.SeedAsync(sku, ("wh-east", 5));
        // The order document is written, then every try of the step fails on what follows it (the customer's history),
        // until the step's retries are spent.
        var failures = 0;
        host.Store.Fault = call => call.Container == CustomerOrderSummary.Container && Interlocked.Increment(ref failures) <= CheckoutRetryAttempts
            ? new InvalidOperationException("Injected fault: the order history cannot be written.")
            : null;
        try
        {
            var orderId = await host.StartCheckoutAsync(http, SimulatedPaymentGateway.Approve, (sku, 2));

            await Eventually.UntilAsync(
                async () => (await host.Orders.GetAsync(orderId, TestContext.Current.CancellationToken))?.Status == OrderStatus.Fulfilling || (await PaymentOf(orderId))?.State is PaymentState.Refunded or PaymentState.Voided,
                OrdersHost.Deadline,
                because: "the checkout to complete the order or undo the payment",
                cancellationToken: TestContext.Current.CancellationToken);

            Assert.True(failures >= CheckoutRetryAttempts, $"{failures} injected failures");
            var payment = (await PaymentOf(orderId))!;
            Assert.Equal(PaymentState.Captured, payment.State);
            Assert.Empty(host.Payments.RefundsOf(payment.AuthorizationId));
            Assert.Equal(OrderStatus.Fulfilling, (await host.Orders.GetAsync(orderId, TestContext.Current.CancellationToken))!.Status);
            var stock = await host.StockAsync(sku);
            Assert.Equal((3, 0, 3), (stock.OnHand, stock.Reserved, stock.Available));
            Assert.Contains(host.Sent.SentTo(WarehouseQueues.FulfilmentRequests), m => m.Contains(orderId, StringComparison.Ordinal));
        }
        finally
        {
            host.Store.Fault = null;
        }
    }

    /// <summary>How many times the saga tries a step (its retry policy's attempts).</summary>
    const int CheckoutRetryAttempts = 4;
}
