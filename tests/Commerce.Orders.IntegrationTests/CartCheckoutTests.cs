using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Contracts;
using Commerce.DevHost;
using Commerce.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Commerce.Orders.IntegrationTests;

/// <summary>The dev host with checkout reading carts through the cart context (no in-memory stand-in).</summary>
public class RealCartsHost : OrdersHost
{
    protected override bool UsesRealCarts => true;

    /// <summary>A new active SKU sold at <paramref name="priceUsd"/> (minor units), weighing 300 g, stocked as <paramref name="levels"/>.</summary>
    public async Task<string> SellableSkuAsync(long priceUsd, params (string Warehouse, long OnHand)[] levels)
    {
        var sku = await SeedCatalogSkuAsync("Merino crew", priceUsd);
        await SeedAsync(sku, levels);
        return sku;
    }
}

/// <summary>The same, on the Cosmos DB adapter (the Cosmos DB server from npm).</summary>
public sealed class CosmosRealCartsHost : RealCartsHost
{
    public override DocumentProvider Provider => DocumentProvider.Cosmos;
}

/// <summary>The same, on the Azurite backend (the Azure Storage durable provider and Storage queues over Azurite).</summary>
public sealed class AzuriteRealCartsHost : RealCartsHost
{
    public override bool OnAzurite => true;
}

/// <summary>The storefront-to-order flow on the embedded SQLite store.</summary>
public sealed class SqliteCartCheckoutTests(RealCartsHost host) : CartCheckoutTests(host), IClassFixture<RealCartsHost>;

/// <summary>The storefront-to-order flow with every app on the Cosmos DB adapter.</summary>
public sealed class CosmosCartCheckoutTests(CosmosRealCartsHost host) : CartCheckoutTests(host), IClassFixture<CosmosRealCartsHost>;

/// <summary>The storefront-to-order flow with sagas and queue triggers on the Azurite backend.</summary>
public sealed class AzuriteCartCheckoutTests(AzuriteRealCartsHost host) : CartCheckoutTests(host), IClassFixture<AzuriteRealCartsHost>;

/// <summary>A storefront cart, built through the cart app's HTTP routes, checked out through the orders app, once per document store adapter.</summary>
public abstract class CartCheckoutTests(RealCartsHost host)
{
    readonly HttpClient http = host.CreateShopperClient();

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Checkout_of_a_storefront_cart_charges_its_total_consumes_its_stock_clears_it_and_reports_the_purchase()
    {
        var sku = await host.SellableSkuAsync(2_500, ("wh-east", 2), ("wh-west", 4));

        using var created = await http.PostAsJsonAsync("/api/carts", new { currency = "USD" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var cart = await created.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var (cartId, token) = (cart.GetProperty("cartId").GetString()!, cart.GetProperty("cartToken").GetString()!);
        using var add = new HttpRequestMessage(HttpMethod.Post, $"/api/carts/{cartId}/items") { Content = JsonContent.Create(new { sku, quantity = 3 }) };
        add.Headers.Add("X-Cart-Token", token);
        add.Headers.IfMatch.Add(created.Headers.ETag!);
        using var added = await http.SendAsync(add, Cancel);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);

        // The shopper reviews the cart priced for where it ships (the checkout's address): that total is what is charged.
        using var ship = new HttpRequestMessage(HttpMethod.Put, $"/api/carts/{cartId}/destination") { Content = JsonContent.Create(new { country = "US", region = "IL", postalCode = "62701" }) };
        ship.Headers.Add("X-Cart-Token", token);
        ship.Headers.IfMatch.Add(added.Headers.ETag!);
        using var shipped = await http.SendAsync(ship, Cancel);
        Assert.Equal(HttpStatusCode.OK, shipped.StatusCode);
        var cartTotal = (await shipped.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("total").GetProperty("minor").GetInt64();

        using var response = await OrdersHost.CheckoutAsync(http, Guid.NewGuid().ToString(), OrdersHost.Body(cartId, token));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var orderId = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("orderId").GetString()!;
        var outcome = await OrdersHost.WaitForOutcomeAsync(http, orderId);

        Assert.True(outcome.GetProperty("status").GetString() == "fulfilling", outcome.ToString());
        var order = outcome.GetProperty("order");
        Assert.Equal(7_500, order.GetProperty("lines")[0].GetProperty("lineTotal").GetProperty("minor").GetInt64());
        Assert.Equal(cartTotal, order.GetProperty("totals").GetProperty("grandTotal").GetProperty("minor").GetInt64());
        Assert.Equal(6 - 3, (await host.StockAsync(sku)).OnHand);

        // The cart app, the one writer of carts, removes the cart when checkout tells it the order stands (CartCheckedOut).
        Assert.Contains(host.Sent.SentTo(CartCheckedOut.Queue), m => m.Contains(orderId, StringComparison.Ordinal));
        await Eventually.UntilAsync(async () =>
        {
            using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/carts/{cartId}");
            read.Headers.Add("X-Cart-Token", token);
            using var answer = await http.SendAsync(read, Cancel);
            return answer.StatusCode == HttpStatusCode.NotFound;
        }, TimeSpan.FromSeconds(30), because: "the cart app removes the checked-out cart", cancellationToken: Cancel);

        // The purchase reaches the analytics summary through the clickstream, with the charged total as revenue.
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        long revenue = 0;
        await Eventually.UntilAsync(
            async () =>
            {
                using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/analytics/summary?from={from}&to={to}");
                read.Headers.Add("x-functions-key", host.Services.GetRequiredService<IOptions<DevHostOptions>>().Value.AdminKey);
                using var response = await http.SendAsync(read, Cancel);
                var summary = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
                var totals = summary.GetProperty("totals");
                revenue = totals.GetProperty("revenue").TryGetProperty("USD", out var usd) ? usd.GetInt64() : 0;
                return totals.GetProperty("counts").GetProperty("purchases").GetInt64() >= 1;
            },
            OrdersHost.Deadline,
            cancellationToken: Cancel);
        Assert.Equal(cartTotal, revenue);
    }

    [Fact]
    public async Task Checkout_with_a_wrong_cart_token_is_404_and_starts_nothing()
    {
        using var created = await http.PostAsJsonAsync("/api/carts", new { currency = "USD" }, Cancel);
        var cartId = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("cartId").GetString()!;
        var key = Guid.NewGuid().ToString();

        using var response = await OrdersHost.CheckoutAsync(http, key, OrdersHost.Body(cartId, "not-the-token"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(await host.OrderIdOfKeyAsync(key));
    }
}
