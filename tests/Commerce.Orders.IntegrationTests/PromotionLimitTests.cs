using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Cart.Domain;
using Commerce.Orders.Domain;
using Commerce.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Orders.IntegrationTests;

/// <summary>
/// Promotion usage limits under concurrent checkouts of storefront carts (the real cart context): a code that can no
/// longer be redeemed fails the checkout with <c>promotion_unavailable</c> before any payment is taken.
/// </summary>
public sealed class PromotionLimitTests(RealCartsHost host) : IClassFixture<RealCartsHost>
{
    const string PromotionUnavailable = "promotion_unavailable";

    readonly HttpClient http = host.CreateShopperClient();

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Concurrent_checkouts_of_a_limited_code_give_exactly_max_uses_discounted_orders_and_the_rest_fail_before_capture()
    {
        var sku = await SeedSkuAsync(onHand: 20);
        var code = await SeedPromotionAsync(maxUses: 2, maxUsesPerCustomer: null);
        var carts = new List<(string CartId, string Token)>();
        for (var i = 0; i < 6; i++)
        {
            carts.Add(await CartWithCodeAsync(sku, code));
        }

        var orderIds = await Task.WhenAll(carts.Select(c => StartAsync(c, SimulatedPaymentGateway.Approve, $"buyer-{c.CartId}@example.com")));
        var outcomes = await Task.WhenAll(orderIds.Select(id => OrdersHost.WaitForOutcomeAsync(http, id)));

        var placed = outcomes.Where(o => o.GetProperty("status").GetString() == "fulfilling").ToList();
        Assert.Equal(2, placed.Count);
        Assert.All(placed, o => Assert.True(Discount(o) > 0, o.ToString()));
        var failed = orderIds.Zip(outcomes).Where(o => o.Second.GetProperty("status").GetString() == "failed").ToList();
        Assert.Equal(4, failed.Count);
        foreach (var (orderId, order) in failed)
        {
            Assert.Equal(PromotionUnavailable, FailureCode(order));
            var payment = await host.Payments.GetAsync(SimulatedPaymentGateway.AuthorizationIdFor(orderId), Cancel);
            Assert.True(payment is null || payment.State != PaymentState.Captured, $"a refused checkout was charged: {payment}");
        }

        await Eventually.UntilAsync(async () => (await host.StockAsync(sku)) is { OnHand: 18, Reserved: 0 }, OrdersHost.Deadline, because: "the refused checkouts' holds to be released", cancellationToken: Cancel);
    }

    [Fact]
    public async Task A_once_per_customer_code_is_used_once_by_a_guest_whatever_the_case_and_spacing_of_the_email()
    {
        var sku = await SeedSkuAsync(onHand: 10);
        var code = await SeedPromotionAsync(maxUses: null, maxUsesPerCustomer: 1);
        var first = await CartWithCodeAsync(sku, code);
        var second = await CartWithCodeAsync(sku, code);

        var orderIds = await Task.WhenAll(
            StartAsync(first, SimulatedPaymentGateway.Approve, " Ada@Example.com"),
            StartAsync(second, SimulatedPaymentGateway.Approve, "ada@example.com"));
        var outcomes = await Task.WhenAll(orderIds.Select(id => OrdersHost.WaitForOutcomeAsync(http, id)));

        Assert.Equal(["failed", "fulfilling"], outcomes.Select(o => o.GetProperty("status").GetString()).Order());
        Assert.Equal(PromotionUnavailable, FailureCode(outcomes.Single(o => o.GetProperty("status").GetString() == "failed")));
        Assert.True(Discount(outcomes.Single(o => o.GetProperty("status").GetString() == "fulfilling")) > 0);
    }

    [Fact]
    public async Task A_declined_checkout_gives_its_promotion_use_back_for_the_next_order()
    {
        var sku = await SeedSkuAsync(onHand: 10);
        var code = await SeedPromotionAsync(maxUses: 1, maxUsesPerCustomer: null);

        var (first, second, third) = (await CartWithCodeAsync(sku, code), await CartWithCodeAsync(sku, code), await CartWithCodeAsync(sku, code));

        var declined = await OrdersHost.WaitForOutcomeAsync(http, await StartAsync(first, SimulatedPaymentGateway.Decline, "first@example.com"));
        var placed = await OrdersHost.WaitForOutcomeAsync(http, await StartAsync(second, SimulatedPaymentGateway.Approve, "second@example.com"));
        var refused = await OrdersHost.WaitForOutcomeAsync(http, await StartAsync(third, SimulatedPaymentGateway.Approve, "third@example.com"));

        Assert.Equal("payment_declined", FailureCode(declined));
        Assert.Equal("fulfilling", placed.GetProperty("status").GetString());
        Assert.True(Discount(placed) > 0, placed.ToString());
        Assert.Equal(PromotionUnavailable, FailureCode(refused));
    }

    static string? FailureCode(JsonElement order) => order.TryGetProperty("failure", out var f) ? f.GetProperty("code").GetString() : null;

    static long Discount(JsonElement order) => order.GetProperty("order").GetProperty("totals").GetProperty("discounts").GetProperty("minor").GetInt64();

    async Task<string> SeedSkuAsync(long onHand)
    {
        var sku = await host.SeedCatalogSkuAsync("Linen shirt", 4_000);
        await host.SeedAsync(sku, ("wh-east", onHand));
        return sku;
    }

    async Task<string> SeedPromotionAsync(long? maxUses, long? maxUsesPerCustomer)
    {
        var code = "LIMITED" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await host.Services.GetRequiredService<IPromotionStore>().SeedAsync(new Promotion
        {
            Code = code,
            Kind = PromotionKind.PercentOff,
            PercentBasisPoints = 2_000,
            MaxUses = maxUses,
            MaxUsesPerCustomer = maxUsesPerCustomer,
        }, Cancel);
        return code;
    }

    /// <summary>A guest cart with one unit of <paramref name="sku"/> and <paramref name="code"/> applied, built through the cart routes.</summary>
    async Task<(string CartId, string Token)> CartWithCodeAsync(string sku, string code)
    {
        using var created = await http.PostAsJsonAsync("/api/carts", new { currency = "USD" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var cart = await created.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var (cartId, token) = (cart.GetProperty("cartId").GetString()!, cart.GetProperty("cartToken").GetString()!);
        var etag = created.Headers.ETag!;
        foreach (var (path, body) in new (string, object)[] { ($"/api/carts/{cartId}/items", new { sku, quantity = 1 }), ($"/api/carts/{cartId}/promotions", new { code }) })
        {
            using var change = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
            change.Headers.Add("X-Cart-Token", token);
            change.Headers.IfMatch.Add(etag);
            using var changed = await http.SendAsync(change, Cancel);
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            etag = changed.Headers.ETag!;
        }

        return (cartId, token);
    }

    async Task<string> StartAsync((string CartId, string Token) cart, string paymentToken, string email)
    {
        using var response = await OrdersHost.CheckoutAsync(http, Guid.NewGuid().ToString(), OrdersHost.Body(cart.CartId, cart.Token, paymentToken, email));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("orderId").GetString()!;
    }
}
