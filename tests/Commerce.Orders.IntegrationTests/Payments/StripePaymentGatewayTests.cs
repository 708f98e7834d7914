using Commerce.Contracts;
using Commerce.Orders.Adapters.Payments;
using Commerce.Orders.Domain;
using Commerce.Testing.Stripe;
using Microsoft.Extensions.Options;

namespace Commerce.Orders.IntegrationTests.Payments;

/// <summary>The Stripe adapter, through the real Stripe.net client, against the local fake of Stripe's HTTP API.</summary>
public sealed class StripePaymentGatewayTests : IAsyncLifetime
{
    static readonly Money Total = Money.Of(2_500, "USD");
    FakeStripe stripe = null!;
    StripePaymentGateway gateway = null!;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static string NewOrderId() => "ord_" + Guid.NewGuid().ToString("N");

    public async ValueTask InitializeAsync()
    {
        stripe = await FakeStripe.StartAsync();
        gateway = new StripePaymentGateway(Options.Create(new PaymentsOptions
        {
            Provider = PaymentProviders.Stripe,
            WebhookSecret = "whsec_local_test_secret",
            Stripe = new StripeOptions { ApiKey = FakeStripe.ApiKey, ApiBase = stripe.ApiBase, Timeout = TimeSpan.FromSeconds(1) },
        }));
    }

    public async ValueTask DisposeAsync()
    {
        gateway.Dispose();
        await stripe.DisposeAsync();
    }

    [Fact]
    public async Task Authorize_capture_and_refund_each_land_once_however_often_they_are_repeated()
    {
        var orderId = NewOrderId();

        var first = await gateway.AuthorizeAsync(orderId, FakeStripe.Approve, Total, Ct);
        var again = await gateway.AuthorizeAsync(orderId, FakeStripe.Approve, Total, Ct);
        Assert.Equal(PaymentState.Authorized, first.State);
        Assert.Equal(first, again);
        var intent = Assert.Single(stripe.IntentsOf(orderId));
        Assert.Equal(("requires_capture", "manual", 2_500L, "usd"), ((string)intent["status"]!, (string)intent["capture_method"]!, (long)intent["amount"]!, (string)intent["currency"]!));

        await gateway.CaptureAsync(first.AuthorizationId, Ct);
        await gateway.CaptureAsync(first.AuthorizationId, Ct);
        Assert.Equal(PaymentState.Captured, (await gateway.GetAsync(first.AuthorizationId, Ct))!.State);

        await gateway.RefundAsync(first.AuthorizationId, Money.Of(1_000, "USD"), "cancel:part", Ct);
        await gateway.RefundAsync(first.AuthorizationId, Money.Of(1_000, "USD"), "cancel:part", Ct);
        Assert.Equal((PaymentState.Captured, Money.Of(1_000, "USD")), await StateAndRefundedAsync(first.AuthorizationId));

        await gateway.RefundAsync(first.AuthorizationId, Total, "return:rest", Ct);
        var refunded = await gateway.FindByOrderAsync(orderId, Ct);
        Assert.Equal(new PaymentRecord(orderId, first.AuthorizationId, Total, PaymentState.Refunded, Total), refunded);
        Assert.True(stripe.Replays >= 2, "the repeated authorization and capture were answered from Stripe's idempotency records");
    }

    [Fact]
    public async Task A_declined_card_is_a_declined_payment_and_leaves_no_authorization()
    {
        var orderId = NewOrderId();

        var declined = await Assert.ThrowsAsync<PaymentDeclinedException>(() => gateway.AuthorizeAsync(orderId, FakeStripe.Decline, Total, Ct));

        Assert.Contains("generic_decline", declined.Message, StringComparison.Ordinal);
        Assert.Equal(PaymentState.Declined, (await gateway.FindByOrderAsync(orderId, Ct))!.State);
        await Assert.ThrowsAsync<PaymentDeclinedException>(() => gateway.AuthorizeAsync(NewOrderId(), "pm_card_unknown", Total, Ct));
    }

    [Fact]
    public async Task An_intent_that_requires_action_carries_its_client_secret_until_the_customer_completes_it()
    {
        var orderId = NewOrderId();

        var authorization = await gateway.AuthorizeAsync(orderId, FakeStripe.RequiresAction, Total, Ct);

        Assert.Equal(PaymentState.RequiresAction, authorization.State);
        var waiting = (await gateway.GetAsync(authorization.AuthorizationId, Ct))!;
        Assert.Equal((string)stripe.Intent(authorization.AuthorizationId)!["client_secret"]!, waiting.ClientSecret);
        Assert.StartsWith(authorization.AuthorizationId + "_secret_", waiting.ClientSecret, StringComparison.Ordinal);

        stripe.CompleteAction(authorization.AuthorizationId, approved: true);

        Assert.Equal(PaymentState.Authorized, (await gateway.CompleteActionAsync(authorization.AuthorizationId, approved: true, Ct)).State);
        Assert.Null((await gateway.GetAsync(authorization.AuthorizationId, Ct))!.ClientSecret);
    }

    [Fact]
    public async Task A_customer_who_fails_the_action_leaves_a_declined_payment()
    {
        var authorization = await gateway.AuthorizeAsync(NewOrderId(), FakeStripe.RequiresAction, Total, Ct);

        stripe.CompleteAction(authorization.AuthorizationId, approved: false);

        Assert.Equal(PaymentState.Declined, (await gateway.CompleteActionAsync(authorization.AuthorizationId, approved: false, Ct)).State);
    }

    [Fact]
    public async Task An_authorization_answered_too_late_is_transient_and_is_found_by_its_order_and_not_repeated_by_a_retry()
    {
        var orderId = NewOrderId();

        await Assert.ThrowsAsync<PaymentGatewayUnavailableException>(() => gateway.AuthorizeAsync(orderId, FakeStripe.SlowAuthorize, Total, Ct));

        var landed = await gateway.FindByOrderAsync(orderId, Ct);
        Assert.Equal(PaymentState.Authorized, landed!.State);
        var retried = await gateway.AuthorizeAsync(orderId, FakeStripe.SlowAuthorize, Total, Ct);
        Assert.Equal(landed.AuthorizationId, retried.AuthorizationId);
        Assert.Single(stripe.IntentsOf(orderId));
    }

    [Fact]
    public async Task A_capture_that_lands_after_the_client_gave_up_is_settled_by_the_state_query_and_the_retry_captures_nothing_more()
    {
        var orderId = NewOrderId();
        var authorization = await gateway.AuthorizeAsync(orderId, FakeStripe.SlowCapture, Total, Ct);

        await Assert.ThrowsAsync<PaymentGatewayUnavailableException>(() => gateway.CaptureAsync(authorization.AuthorizationId, Ct));

        Assert.Equal(PaymentState.Captured, (await gateway.FindByOrderAsync(orderId, Ct))!.State);
        await gateway.CaptureAsync(authorization.AuthorizationId, Ct);
        var charge = stripe.Intent(authorization.AuthorizationId)!["latest_charge"]!;
        Assert.Equal(2_500L, (long)charge["amount_captured"]!);
    }

    [Fact]
    public async Task A_voided_authorization_cannot_be_captured_and_voiding_it_again_is_harmless()
    {
        var authorization = await gateway.AuthorizeAsync(NewOrderId(), FakeStripe.Approve, Total, Ct);

        await gateway.VoidAsync(authorization.AuthorizationId, Ct);
        await gateway.VoidAsync(authorization.AuthorizationId, Ct);

        Assert.Equal(PaymentState.Voided, (await gateway.GetAsync(authorization.AuthorizationId, Ct))!.State);
        await Assert.ThrowsAsync<PaymentCaptureFailedException>(() => gateway.CaptureAsync(authorization.AuthorizationId, Ct));
    }

    [Fact]
    public async Task An_order_without_a_payment_intent_has_no_payment()
    {
        Assert.Null(await gateway.FindByOrderAsync(NewOrderId(), Ct));
        Assert.Null(await gateway.GetAsync("pi_missing", Ct));
    }

    async Task<(PaymentState, Money)> StateAndRefundedAsync(string authorizationId)
    {
        var payment = (await gateway.GetAsync(authorizationId, Ct))!;
        return (payment.State, payment.Refunded);
    }
}
