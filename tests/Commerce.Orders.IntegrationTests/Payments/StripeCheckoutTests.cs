using System.Net;
using System.Text.Json;
using Commerce.Orders.Domain;
using Commerce.Primitives;
using Commerce.ServiceDefaults;
using Commerce.Testing.Stripe;

namespace Commerce.Orders.IntegrationTests.Payments;

/// <summary>The dev host with <c>Payments:Provider=Stripe</c>, its Stripe client pointed at the local fake of Stripe's API.</summary>
public sealed class StripeOrdersHost : OrdersHost
{
    public FakeStripe Stripe { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Payments:Provider"] = PaymentProviders.Stripe,
        ["Payments:Stripe:ApiKey"] = FakeStripe.ApiKey,
        ["Payments:Stripe:ApiBase"] = Stripe.ApiBase.ToString(),
        ["Payments:Stripe:Timeout"] = "00:00:01",
    };

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Stripe = await FakeStripe.StartAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}

/// <summary>Checkout end to end through the dev host with the Stripe adapter (against the local fake of Stripe).</summary>
public sealed class StripeCheckoutTests(StripeOrdersHost host) : IClassFixture<StripeOrdersHost>
{
    readonly HttpClient http = host.CreateShopperClient();

    static string NewSku() => "sku-" + Guid.NewGuid().ToString("N")[..12];

    static string Status(JsonElement order) => order.GetProperty("status").GetString()!;

    [Fact]
    public async Task Checkout_with_Stripe_authorizes_then_captures_the_order_s_payment_intent_and_places_the_order()
    {
        var sku = NewSku();
        await host.SeedAsync(sku, ("wh-east", 3));

        var orderId = await host.StartCheckoutAsync(http, FakeStripe.Approve, (sku, 2));
        var order = await OrdersHost.WaitForOutcomeAsync(http, orderId);

        Assert.Equal("fulfilling", Status(order));
        var intent = Assert.Single(host.Stripe.IntentsOf(orderId));
        Assert.Equal(("succeeded", 2_500L), ((string)intent["status"]!, (long)intent["amount_received"]!));
        Assert.Equal((string)intent["id"]!, order.GetProperty("order").GetProperty("payment").GetProperty("authorizationId").GetString());
    }

    [Fact]
    public async Task Checkout_with_Stripe_fails_payment_declined_and_releases_the_stock_when_the_card_is_declined()
    {
        var sku = NewSku();
        await host.SeedAsync(sku, ("wh-east", 3));

        var order = await OrdersHost.WaitForOutcomeAsync(http, await host.StartCheckoutAsync(http, FakeStripe.Decline, (sku, 2)));

        Assert.Equal(CheckoutFailureCodes.PaymentDeclined, order.GetProperty("failure").GetProperty("code").GetString());
        Assert.Equal((3, 0), ((await host.StockAsync(sku)).Available, (await host.StockAsync(sku)).Reserved));
    }

    [Fact]
    public async Task Checkout_with_Stripe_shows_the_client_secret_while_the_customer_must_act_and_the_signed_webhook_event_completes_it_once()
    {
        var sku = NewSku();
        await host.SeedAsync(sku, ("wh-east", 3));
        var orderId = await host.StartCheckoutAsync(http, FakeStripe.RequiresAction, (sku, 1));

        var waiting = await OrdersHost.WaitForOrderAsync(http, orderId, o => o.TryGetProperty("payment", out var p) && p.ValueKind == JsonValueKind.Object);
        var intent = Assert.Single(host.Stripe.IntentsOf(orderId));
        var intentId = (string)intent["id"]!;
        Assert.Equal("awaiting_payment_action", waiting.GetProperty("stage").GetString());
        Assert.Equal("requires_action", waiting.GetProperty("payment").GetProperty("status").GetString());
        Assert.Equal((string)intent["client_secret"]!, waiting.GetProperty("payment").GetProperty("clientSecret").GetString());

        host.Stripe.CompleteAction(intentId, approved: true);
        var body = JsonSerializer.Serialize(PaymentProviderEvent.ActionCompleted("evt_" + Guid.NewGuid().ToString("N"), orderId, intentId, approved: true, DateTimeOffset.UtcNow), CommerceJson.Options);
        using (var applied = await OrdersHost.PostPaymentWebhookAsync(http, body))
        {
            Assert.Equal(HttpStatusCode.Accepted, applied.StatusCode);
        }

        using (var replayed = await OrdersHost.PostPaymentWebhookAsync(http, body))
        {
            Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        }

        var order = await OrdersHost.WaitForOutcomeAsync(http, orderId);
        Assert.Equal("fulfilling", Status(order));
        Assert.False(order.TryGetProperty("payment", out var shown) && shown.ValueKind != JsonValueKind.Null, "the client secret is shown only while the action is required");
        Assert.Equal("succeeded", (string)host.Stripe.Intent(intentId)!["status"]!);
    }

    [Fact]
    public async Task Checkout_with_Stripe_places_the_order_when_the_capture_landed_but_its_answer_came_after_the_client_gave_up()
    {
        var sku = NewSku();
        await host.SeedAsync(sku, ("wh-east", 3));

        var order = await OrdersHost.WaitForOutcomeAsync(http, await host.StartCheckoutAsync(http, FakeStripe.SlowCapture, (sku, 1)));

        Assert.Equal("fulfilling", Status(order));
        var intent = Assert.Single(host.Stripe.IntentsOf(order.GetProperty("orderId").GetString()!));
        Assert.Equal(1_500L, (long)intent["latest_charge"]!["amount_captured"]!);
    }
}
