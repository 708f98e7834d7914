using System.Text;
using Commerce.Contracts;
using Commerce.Orders.Domain;

namespace Commerce.Orders.UnitTests;

public sealed class PaymentsAndMessagesTests
{
    static readonly Money Ten = Money.Of(1000, "USD");

    [Fact]
    public async Task Simulated_provider_behaves_by_token()
    {
        var gateway = new SimulatedPaymentGateway();
        var ct = TestContext.Current.CancellationToken;

        var approved = await gateway.AuthorizeAsync("o1", SimulatedPaymentGateway.Approve, Ten, ct);
        await gateway.CaptureAsync(approved.AuthorizationId, ct);
        await gateway.RefundAsync(approved.AuthorizationId, Ten, "refund-1", ct);
        Assert.Equal(PaymentState.Refunded, (await gateway.GetAsync(approved.AuthorizationId, ct))!.State);

        await Assert.ThrowsAsync<PaymentDeclinedException>(() => gateway.AuthorizeAsync("o2", SimulatedPaymentGateway.Decline, Ten, ct));
        await Assert.ThrowsAsync<PaymentGatewayUnavailableException>(() => gateway.AuthorizeAsync("o3", SimulatedPaymentGateway.Timeout, Ten, ct));

        var action = await gateway.AuthorizeAsync("o4", SimulatedPaymentGateway.RequiresAction, Ten, ct);
        Assert.Equal(PaymentState.RequiresAction, action.State);
        await Assert.ThrowsAsync<PaymentCaptureFailedException>(() => gateway.CaptureAsync(action.AuthorizationId, ct));
        Assert.Equal(PaymentState.Authorized, (await gateway.CompleteActionAsync(action.AuthorizationId, approved: true, ct)).State);

        var failing = await gateway.AuthorizeAsync("o5", SimulatedPaymentGateway.CaptureFails, Ten, ct);
        await Assert.ThrowsAsync<PaymentCaptureFailedException>(() => gateway.CaptureAsync(failing.AuthorizationId, ct));
        await gateway.VoidAsync(failing.AuthorizationId, ct);
        Assert.Equal(PaymentState.Voided, (await gateway.GetAsync(failing.AuthorizationId, ct))!.State);
    }

    static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1_796_000_000);

    [Fact]
    public void Webhook_signatures_verify_only_the_exact_body_with_the_secret()
    {
        var body = Encoding.UTF8.GetBytes("{\"id\":\"evt_1\"}");
        var signature = WebhookSignature.Sign("secret-secret-secret", SignedAt, body);

        Assert.Matches("^t=1796000000,v1=[0-9a-f]{64}$", signature);
        Assert.True(WebhookSignature.Verify("secret-secret-secret", body, signature, SignedAt));
        Assert.False(WebhookSignature.Verify("another-secret-value", body, signature, SignedAt));
        Assert.False(WebhookSignature.Verify("secret-secret-secret", Encoding.UTF8.GetBytes("{\"id\":\"evt_2\"}"), signature, SignedAt));
        Assert.False(WebhookSignature.Verify("secret-secret-secret", body, null, SignedAt));
        Assert.False(WebhookSignature.Verify("secret-secret-secret", body, "v1=" + signature.Split("v1=")[1], SignedAt));
        Assert.False(WebhookSignature.Verify("secret-secret-secret", body, signature.Replace("t=1796000000", "t=1796000001", StringComparison.Ordinal), SignedAt));
    }

    [Fact]
    public void Webhook_signatures_are_refused_outside_the_five_minute_tolerance()
    {
        var body = Encoding.UTF8.GetBytes("{\"id\":\"evt_1\"}");
        var signature = WebhookSignature.Sign("secret-secret-secret", SignedAt, body);

        Assert.True(WebhookSignature.Verify("secret-secret-secret", body, signature, SignedAt.AddMinutes(5)));
        Assert.False(WebhookSignature.Verify("secret-secret-secret", body, signature, SignedAt.AddMinutes(5).AddSeconds(1)));
        Assert.False(WebhookSignature.Verify("secret-secret-secret", body, signature, SignedAt.AddMinutes(-6)));
    }

    [Fact]
    public void Webhook_signatures_accept_any_of_several_v1_signatures_while_a_secret_rolls_over()
    {
        var body = Encoding.UTF8.GetBytes("{\"id\":\"evt_1\"}");
        var current = WebhookSignature.Sign("secret-secret-secret", SignedAt, body);
        var previous = WebhookSignature.Sign("an-older-secret-value", SignedAt, body).Split(',')[1];

        Assert.True(WebhookSignature.Verify("secret-secret-secret", body, $"{current},{previous},v0=ignored", SignedAt));
        Assert.True(WebhookSignature.Verify("an-older-secret-value", body, $"{current},{previous}", SignedAt));
        Assert.False(WebhookSignature.Verify("a-third-secret-value", body, $"{current},{previous}", SignedAt));
        Assert.False(WebhookSignature.Verify("secret-secret-secret", body, $"t=1796000000,v1=zz{new string('0', 62)}", SignedAt));
    }

    [Theory]
    [InlineData("{\"warehouseId\":\"wh-east\",\"sku\":\"a\",\"onHand\":3,\"sequence\":1}", null)]
    [InlineData("{", "not valid JSON")]
    [InlineData("{\"warehouseId\":\"wh-mars\",\"sku\":\"a\",\"onHand\":3,\"sequence\":1}", "not a known warehouse")]
    [InlineData("{\"warehouseId\":\"wh-east\",\"onHand\":3,\"sequence\":1}", "not valid JSON")]
    [InlineData("{\"warehouseId\":\"wh-east\",\"sku\":\"a\",\"onHand\":-1,\"sequence\":1}", "onHand must not be negative")]
    [InlineData("{\"warehouseId\":\"wh-east\",\"sku\":\"a\",\"onHand\":1,\"sequence\":0}", "sequence must be positive")]
    [InlineData("null", "empty")]
    public void Stock_messages_are_validated_with_a_reason(string body, string? reason)
    {
        if (reason is null)
        {
            Assert.Equal(new StockLevelMessage("wh-east", "a", 3, 1), WarehouseMessageParser.ParseStockLevel(body, OrdersOptions.DefaultWarehouses));
            return;
        }

        var ex = Assert.Throws<MalformedWarehouseMessageException>(() => WarehouseMessageParser.ParseStockLevel(body, OrdersOptions.DefaultWarehouses));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"messageId\":\"m1\",\"warehouseId\":\"wh-east\",\"orderId\":\"ord_1\",\"outcome\":\"alreadyShipped\"}", null)]
    [InlineData("{\"messageId\":\"m1\",\"warehouseId\":\"wh-mars\",\"orderId\":\"ord_1\",\"outcome\":\"cancelled\"}", "not a known warehouse")]
    [InlineData("{\"messageId\":\"m1\",\"warehouseId\":\"wh-east\",\"orderId\":\"ord_1\",\"outcome\":\"maybe\"}", "not valid JSON")]
    [InlineData("{\"messageId\":\"m1\",\"warehouseId\":\"wh-east\",\"orderId\":\"ord_1\",\"outcome\":7}", "not valid JSON")]
    [InlineData("{\"messageId\":\"m1\",\"warehouseId\":\"wh-east\",\"outcome\":\"cancelled\"}", "not valid JSON")]
    [InlineData("{\"messageId\":\" \",\"warehouseId\":\"wh-east\",\"orderId\":\"ord_1\",\"outcome\":\"cancelled\"}", "messageId is required")]
    public void Cancellation_answers_are_validated_with_a_reason(string body, string? reason)
    {
        if (reason is null)
        {
            Assert.Equal(new CancellationConfirmationMessage("m1", "wh-east", "ord_1", FulfilmentCancellationOutcome.AlreadyShipped), WarehouseMessageParser.ParseCancellationConfirmation(body, OrdersOptions.DefaultWarehouses));
            return;
        }

        var ex = Assert.Throws<MalformedWarehouseMessageException>(() => WarehouseMessageParser.ParseCancellationConfirmation(body, OrdersOptions.DefaultWarehouses));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulated_provider_answer_lost_tokens_land_the_call_then_time_out_and_the_payment_is_found_by_order()
    {
        var gateway = new SimulatedPaymentGateway();
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<PaymentGatewayUnavailableException>(() => gateway.AuthorizeAsync("o1", SimulatedPaymentGateway.AuthorizeAnswerLost, Ten, ct));
        await Assert.ThrowsAsync<PaymentGatewayUnavailableException>(() => gateway.AuthorizeAsync("o1", SimulatedPaymentGateway.AuthorizeAnswerLost, Ten, ct));
        Assert.Equal(PaymentState.Authorized, (await gateway.FindByOrderAsync("o1", ct))!.State);

        var capture = await gateway.AuthorizeAsync("o2", SimulatedPaymentGateway.CaptureAnswerLost, Ten, ct);
        await Assert.ThrowsAsync<PaymentGatewayUnavailableException>(() => gateway.CaptureAsync(capture.AuthorizationId, ct));
        await Assert.ThrowsAsync<PaymentGatewayUnavailableException>(() => gateway.CaptureAsync(capture.AuthorizationId, ct));
        Assert.Equal(PaymentState.Captured, (await gateway.FindByOrderAsync("o2", ct))!.State);
        Assert.Equal([PaymentState.Captured], gateway.ChangesOf(capture.AuthorizationId));

        Assert.Null(await gateway.FindByOrderAsync("o3", ct));
        Assert.Equal(4, gateway.TimeoutCount);
    }

    [Fact]
    public void Order_ids_are_random_and_key_records_are_safe_hashes_of_the_idempotency_key()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => CheckoutRequests.NewOrderId()).ToList();
        Assert.All(ids, id => Assert.Matches("^ord_[0-9a-f]{32}$", id));
        Assert.Equal(100, ids.Distinct().Count());
        Assert.Equal(CheckoutRequests.KeyId("key-1"), CheckoutRequests.KeyId("key-1"));
        Assert.NotEqual(CheckoutRequests.KeyId("key-1"), CheckoutRequests.KeyId("key-2"));
        Assert.Matches("^key_[0-9a-f]{64}$", CheckoutRequests.KeyId("../../weird key ✓"));
    }
}
