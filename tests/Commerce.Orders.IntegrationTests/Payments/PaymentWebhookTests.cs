using System.Net;
using System.Text;
using System.Text.Json;
using Commerce.Orders.Checkout;
using Commerce.Orders.Domain;
using Commerce.Primitives;
using Commerce.ServiceDefaults;

namespace Commerce.Orders.IntegrationTests.Payments;

/// <summary>POST /api/payments/webhook with the simulated provider: Stripe's signature scheme, replays, and the size limit.</summary>
public sealed class PaymentWebhookTests(OrdersHost host) : IClassFixture<OrdersHost>
{
    readonly HttpClient http = host.CreateShopperClient();

    static string NewSku() => "sku-" + Guid.NewGuid().ToString("N")[..12];

    static string Json(object value) => JsonSerializer.Serialize(value, CommerceJson.Options);

    async Task<string> AwaitingActionAsync()
    {
        var sku = NewSku();
        await host.SeedAsync(sku, ("wh-east", 3));
        var orderId = await host.StartCheckoutAsync(http, SimulatedPaymentGateway.RequiresAction, (sku, 1));
        await OrdersHost.WaitForOrderAsync(http, orderId, o => o.TryGetProperty("stage", out var s) && s.GetString() == "awaiting_payment_action");
        return orderId;
    }

    [Fact]
    public async Task A_replayed_event_is_acknowledged_but_not_applied_again()
    {
        var orderId = await AwaitingActionAsync();
        var declined = Json(OrdersHost.ActionCompleted(orderId, approved: false));

        using (var applied = await OrdersHost.PostPaymentWebhookAsync(http, declined))
        {
            Assert.Equal(HttpStatusCode.Accepted, applied.StatusCode);
        }

        using (var replayed = await OrdersHost.PostPaymentWebhookAsync(http, declined))
        {
            Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        }

        var order = await OrdersHost.WaitForOutcomeAsync(http, orderId);
        Assert.Equal(CheckoutFailureCodes.PaymentDeclined, order.GetProperty("failure").GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_event_signed_more_than_five_minutes_ago_is_refused_and_changes_nothing()
    {
        var orderId = await AwaitingActionAsync();

        using var stale = await OrdersHost.PostPaymentWebhookAsync(http, Json(OrdersHost.ActionCompleted(orderId)), signedAt: DateTimeOffset.UtcNow.AddMinutes(-6));

        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.Equal(PaymentState.RequiresAction, (await host.Payments.GetAsync(SimulatedPaymentGateway.AuthorizationIdFor(orderId), TestContext.Current.CancellationToken))!.State);
    }

    [Fact]
    public async Task An_event_signed_with_another_secret_is_refused()
    {
        var orderId = await AwaitingActionAsync();

        using var forged = await OrdersHost.PostPaymentWebhookAsync(http, Json(OrdersHost.ActionCompleted(orderId)), secret: "not-the-webhook-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task A_body_declared_larger_than_the_limit_is_413_before_it_is_read()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/webhook") { Content = new ByteArrayContent(new byte[PaymentWebhookFunction.MaxBodyBytes + 1]) };
        request.Headers.Add(WebhookSignature.Header, "t=0,v1=00");

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/webhook")
        {
            Content = new StreamContent(new UnknownLengthStream(new MemoryStream(Encoding.UTF8.GetBytes(new string(' ', PaymentWebhookFunction.MaxBodyBytes * 2))))),
        };
        request.Headers.Add(WebhookSignature.Header, "t=0,v1=00");
        request.Headers.TransferEncodingChunked = true;

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_body_without_a_length_is_read_only_up_to_one_byte_past_the_limit()
    {
        var body = new MemoryStream(new byte[PaymentWebhookFunction.MaxBodyBytes * 4]);
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Body = new UnknownLengthStream(body);

        var (_, problem) = await RequestBodies.ReadAsync(context.Request, PaymentWebhookFunction.MaxBodyBytes, TestContext.Current.CancellationToken);

        Assert.Equal((int)HttpStatusCode.RequestEntityTooLarge, problem?.Status);
        Assert.Null(context.Request.ContentLength);
        Assert.Equal(PaymentWebhookFunction.MaxBodyBytes + 1, body.Position);
    }

    [Fact]
    public async Task Signed_events_that_end_no_customer_action_are_acknowledged_and_ignored()
    {
        var orderId = await AwaitingActionAsync();
        var other = new PaymentProviderEvent("evt_" + Guid.NewGuid().ToString("N"), "charge.refunded", OrdersHost.ActionCompleted(orderId).Data);

        using var response = await OrdersHost.PostPaymentWebhookAsync(http, Json(other));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PaymentState.RequiresAction, (await host.Payments.GetAsync(SimulatedPaymentGateway.AuthorizationIdFor(orderId), TestContext.Current.CancellationToken))!.State);
    }

    /// <summary>A stream that hides its length, so the client sends it chunked (no Content-Length).</summary>
    sealed class UnknownLengthStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
