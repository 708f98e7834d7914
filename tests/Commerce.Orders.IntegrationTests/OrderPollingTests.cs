using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Orders.Domain;
using Commerce.Primitives;

namespace Commerce.Orders.IntegrationTests;

/// <summary>
/// A storefront polls the order while its checkout runs: the checkout's 202 and each answer of a checkout still in flight
/// say when to look again (Retry-After, in seconds), so that many buyers in a flash sale do not poll faster than a checkout
/// moves; an answer about an order that stands or a checkout that ended says nothing of the kind.
/// </summary>
public sealed class OrderPollingTests(OrdersHost host) : IClassFixture<OrdersHost>
{
    readonly HttpClient http = host.CreateShopperClient();

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_checkout_and_its_status_while_in_flight_say_when_to_poll_again_and_the_standing_order_does_not()
    {
        var sku = "sku-" + Guid.NewGuid().ToString("N")[..12];
        await host.SeedAsync(sku, ("wh-east", 3));
        var (cartId, token) = host.PutCart((sku, 1));

        using var accepted = await OrdersHost.CheckoutAsync(http, Guid.NewGuid().ToString(), OrdersHost.Body(cartId, token, SimulatedPaymentGateway.RequiresAction));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), accepted.Headers.RetryAfter?.Delta);
        var orderId = (await accepted.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("orderId").GetString()!;

        // The saga waits for the customer's action on the payment: still in flight.
        await OrdersHost.WaitForOrderAsync(http, orderId, o => o.TryGetProperty("stage", out var s) && s.GetString() == "awaiting_payment_action");
        using (var pending = await http.GetAsync($"/api/orders/{orderId}", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, pending.StatusCode);
            Assert.Equal("pending", (await pending.Content.ReadFromJsonAsync<JsonElement>(CommerceJson.Options, Cancel)).GetProperty("status").GetString());
            Assert.Equal(TimeSpan.FromSeconds(1), pending.Headers.RetryAfter?.Delta);
        }

        using (var approved = await OrdersHost.PostPaymentWebhookAsync(http, OrdersHost.ActionCompleted(orderId)))
        {
            Assert.Equal(HttpStatusCode.Accepted, approved.StatusCode);
        }

        await OrdersHost.WaitForOrderAsync(http, orderId, o => o.GetProperty("status").GetString() == "fulfilling");
        using var standing = await http.GetAsync($"/api/orders/{orderId}", Cancel);
        Assert.Equal(HttpStatusCode.OK, standing.StatusCode);
        Assert.Null(standing.Headers.RetryAfter);
    }
}
