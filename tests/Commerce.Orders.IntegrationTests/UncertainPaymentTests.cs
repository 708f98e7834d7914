using Commerce.Orders.Domain;

namespace Commerce.Orders.IntegrationTests;

/// <summary>
/// Payment calls whose answer is lost though the provider did the work (every retry times out): the saga asks the
/// provider for the order's payment before deciding what the checkout did.
/// </summary>
public sealed class UncertainPaymentTests(OrdersHost host) : IClassFixture<OrdersHost>
{
    readonly HttpClient http = host.CreateShopperClient();

    static string NewSku() => "unsure-" + Guid.NewGuid().ToString("N")[..10];

    async Task<PaymentRecord> PaymentOf(string orderId) => (await host.Payments.GetAsync(SimulatedPaymentGateway.AuthorizationIdFor(orderId), TestContext.Current.CancellationToken))!;

    [Fact]
    public async Task A_capture_that_lands_but_times_out_leaves_the_order_standing_captured_once_and_never_voided_or_refunded()
    {
        var sku = NewSku();
        await host.SeedAsync(sku, ("wh-east", 3));

        var orderId = await host.StartCheckoutAsync(http, SimulatedPaymentGateway.CaptureAnswerLost, (sku, 2));
        var outcome = await OrdersHost.WaitForOutcomeAsync(http, orderId);

        Assert.Equal("fulfilling", outcome.GetProperty("status").GetString());
        var payment = await PaymentOf(orderId);
        Assert.Equal(PaymentState.Captured, payment.State);
        Assert.Equal(0, payment.Refunded.Minor);
        Assert.Equal([PaymentState.Captured], host.Payments.ChangesOf(payment.AuthorizationId));
        Assert.Equal(1, (await host.StockAsync(sku)).OnHand);
    }

    [Fact]
    public async Task An_authorization_that_lands_late_after_timeouts_fails_the_checkout_and_is_voided()
    {
        var sku = NewSku();
        await host.SeedAsync(sku, ("wh-east", 3));

        var orderId = await host.StartCheckoutAsync(http, SimulatedPaymentGateway.AuthorizeAnswerLost, (sku, 2));
        var outcome = await OrdersHost.WaitForOutcomeAsync(http, orderId);

        Assert.Equal("failed", outcome.GetProperty("status").GetString());
        Assert.Equal(CheckoutFailureCodes.PaymentUnavailable, outcome.GetProperty("failure").GetProperty("code").GetString());
        var payment = await PaymentOf(orderId);
        Assert.Equal(PaymentState.Voided, payment.State);
        Assert.Equal([PaymentState.Voided], host.Payments.ChangesOf(payment.AuthorizationId));
        var stock = await host.StockAsync(sku);
        Assert.Equal((3, 0), (stock.OnHand, stock.Reserved));
    }
}
