using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Orders.Domain;

namespace Commerce.Orders.IntegrationTests;

/// <summary>Flash-sale contention and idempotency over HTTP.</summary>
public sealed class CheckoutConcurrencyTests(OrdersHost host) : IClassFixture<OrdersHost>
{
    readonly HttpClient http = host.CreateShopperClient();

    [Fact]
    public async Task Two_hundred_buyers_for_fifty_units_over_three_warehouses_get_exactly_fifty_orders_and_no_oversell()
    {
        var sku = "flash-" + Guid.NewGuid().ToString("N")[..8];
        await host.SeedAsync(sku, ("wh-east", 20), ("wh-central", 17), ("wh-west", 13));

        var orderIds = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => host.StartCheckoutAsync(http, SimulatedPaymentGateway.Approve, (sku, 1))));
        var outcomes = await Task.WhenAll(orderIds.Select(id => OrdersHost.WaitForOutcomeAsync(http, id)));

        Assert.Equal(50, outcomes.Count(o => o.GetProperty("status").GetString() == "fulfilling"));
        var failures = outcomes.Where(o => o.GetProperty("status").GetString() == "failed").ToList();
        Assert.Equal(150, failures.Count);
        Assert.All(failures, f => Assert.Equal(CheckoutFailureCodes.OutOfStock, f.GetProperty("failure").GetProperty("code").GetString()));

        var stock = await host.StockAsync(sku);
        Assert.All(stock.Warehouses, w => Assert.Equal(0, w.OnHand));
        Assert.Equal(0, stock.Reserved);
        Assert.All(stock.Holds, h => Assert.Equal(HoldState.Committed, h.State)); // sold: committed until the warehouse confirms the shipment
        Assert.Equal(50, stock.Warehouses.Sum(w => w.Committed));
    }

    [Fact]
    public async Task Reservations_left_by_an_abandoned_checkout_expire_by_themselves()
    {
        var sku = "abandoned-" + Guid.NewGuid().ToString("N")[..8];
        await host.SeedAsync(sku, ("wh-east", 5));
        await host.Inventory.ReserveAsync("ord_abandoned", [new AllocationLine(sku, 4)], OrdersOptions.DefaultWarehouses, TimeSpan.FromMinutes(15), TestContext.Current.CancellationToken);
        Assert.Equal(1, (await host.StockAsync(sku)).Available);

        host.Clock.Advance(TimeSpan.FromMinutes(16));
        var orderId = await host.StartCheckoutAsync(http, SimulatedPaymentGateway.Approve, (sku, 5));
        var order = await OrdersHost.WaitForOutcomeAsync(http, orderId);

        Assert.Equal("fulfilling", order.GetProperty("status").GetString());
        var stock = await host.StockAsync(sku);
        Assert.Equal((0, 0), (stock.OnHand, stock.Reserved));
        Assert.All(stock.Holds, h => Assert.Equal(HoldState.Committed, h.State)); // sold: committed until the warehouse confirms the shipment
    }

    [Fact]
    public async Task The_same_idempotency_key_ten_times_at_once_makes_one_order()
    {
        var sku = "idem-" + Guid.NewGuid().ToString("N")[..8];
        await host.SeedAsync(sku, ("wh-west", 10));
        var (cartId, token) = host.PutCart((sku, 1));
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => OrdersHost.CheckoutAsync(http, key, OrdersHost.Body(cartId, token))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("orderId").GetString()));
        var orderId = Assert.Single(ids.Distinct())!;

        var order = await OrdersHost.WaitForOutcomeAsync(http, orderId);
        Assert.Equal("fulfilling", order.GetProperty("status").GetString());
        Assert.Equal(9, (await host.StockAsync(sku)).OnHand);

        using var again = await OrdersHost.CheckoutAsync(http, key, OrdersHost.Body(cartId, token));
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(9, (await host.StockAsync(sku)).OnHand);
    }

    [Fact]
    public async Task The_same_idempotency_key_with_a_different_body_is_422()
    {
        var key = Guid.NewGuid().ToString();
        var (cartId, token) = host.PutCart(("sku-any", 1));
        using var first = await OrdersHost.CheckoutAsync(http, key, OrdersHost.Body(cartId, token));
        using var second = await OrdersHost.CheckoutAsync(http, key, OrdersHost.Body(cartId, token, SimulatedPaymentGateway.Decline));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(null, "{}")]
    [InlineData("k1", "not json")]
    [InlineData("k2", "{\"cartId\":\"c\"}")]
    [InlineData("k3", "[1,2]")]
    public async Task Bad_checkout_requests_get_400_problem_details(string? key, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/checkout") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key + Guid.NewGuid());
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unknown_orders_are_404_problem_details()
    {
        using var response = await http.GetAsync("/api/orders/ord_0123456789abcdef", TestContext.Current.CancellationToken);
        using var odd = await http.GetAsync("/api/orders/..%2F..", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, odd.StatusCode);
    }
}
