using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Contracts;
using Commerce.Orders.Domain;
using Commerce.Primitives;
using Commerce.ServiceDefaults;
using Commerce.Testing;

namespace Commerce.Orders.IntegrationTests;

/// <summary>GET /api/customers/me/orders through the dev host: orders placed by checkout, read with the cart's bearer tokens.</summary>
public sealed class OrderHistoryTests(OrdersHost host) : IClassFixture<OrdersHost>
{
    readonly HttpClient http = host.CreateShopperClient();

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_customer_sees_their_orders_newest_first_page_by_page_with_status_changes_and_no_guest_or_other_orders()
    {
        var sku = "SKU-" + Guid.NewGuid().ToString("N")[..8];
        await host.SeedAsync(sku, ("wh-east", 20));
        var customer = "cust-" + Guid.NewGuid().ToString("N")[..8];
        var first = await CheckoutAsync(customer, sku, 1);
        var second = await CheckoutAsync(customer, sku, 3);
        await CheckoutAsync(null, sku, 1);
        await CheckoutAsync("someone-else", sku, 1);
        var token = await TokenAsync(customer);

        var page1 = await HistoryAsync(token, "?pageSize=1");
        var entry = Assert.Single(page1.GetProperty("items").EnumerateArray());
        Assert.Equal(second, entry.GetProperty("id").GetString());
        Assert.Equal("fulfilling", entry.GetProperty("status").GetString());
        Assert.Equal(3, entry.GetProperty("itemCount").GetInt32());
        Assert.Equal(3_500, entry.GetProperty("total").GetProperty("minor").GetInt64());
        Assert.True(entry.GetProperty("created").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(-1));
        var page2 = await HistoryAsync(token, "?pageSize=1&continuation=" + Uri.EscapeDataString(page1.GetProperty("continuation").GetString()!));
        Assert.Equal(first, Assert.Single(page2.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        if (page2.TryGetProperty("continuation", out var next) && next.GetString() is { } more)
        {
            Assert.Empty((await HistoryAsync(token, "?pageSize=1&continuation=" + Uri.EscapeDataString(more))).GetProperty("items").EnumerateArray());
        }

        // The order is fulfilling: the cancel is asked of its warehouse, and done when the warehouse confirms.
        using var cancel = await http.PostAsync($"/api/orders/{first}/cancel", null, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        await host.Broker.SendAsync(WarehouseQueues.CancellationConfirmations, JsonSerializer.Serialize(new CancellationConfirmationMessage("c-" + first, "wh-east", first, FulfilmentCancellationOutcome.Cancelled), CommerceJson.Options), Cancel);
        await OrdersHost.WaitForOrderAsync(http, first, o => o.GetProperty("status").GetString() == "cancelled");

        // The history entry is written just after the order: it may be a moment behind the order itself.
        List<JsonElement> all = [];
        await Eventually.UntilAsync(async () =>
        {
            all = [.. (await HistoryAsync(token, "")).GetProperty("items").EnumerateArray()];
            return all.Count == 2 && all[1].GetProperty("status").GetString() == "cancelled";
        }, OrdersHost.Deadline, because: $"the history to show order {first} cancelled", cancellationToken: Cancel);
        Assert.Equal([second, first], all.Select(e => e.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task Without_a_valid_customer_token_the_history_is_401_problem_details(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/customers/me/orders");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await http.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("?pageSize=0", 400, "validation")]
    [InlineData("?pageSize=1000", 400, "validation")]
    [InlineData("?pageSize=abc", 400, "validation")]
    [InlineData("?pageSize=", 400, "validation")]
    [InlineData("?pageSize=5&pageSize=5", 400, "validation")]
    [InlineData("?continuation=eyJub3QiOiJ2YWxpZCJ9", 422, "unknown-continuation")]
    [InlineData("?continuation=%00%01", 422, "unknown-continuation")]
    public async Task A_bad_page_size_is_400_and_a_continuation_the_listing_never_returned_is_422(string query, int status, string type)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/customers/me/orders" + query);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync("cust-bad-input"));

        using var response = await http.SendAsync(request, Cancel);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/problems/" + type + "\"", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    async Task<string> CheckoutAsync(string? customerId, string sku, int quantity)
    {
        var cartId = "cart-" + Guid.NewGuid().ToString("N");
        var cartToken = "ct-" + Guid.NewGuid().ToString("N");
        var total = Money.Of(1000L * quantity, "USD");
        host.Carts.Put(cartToken, new PricedCheckoutCart(cartId, "USD", [new PricedCartLine(sku, quantity, Money.Of(1000, "USD"), total)], Money.Zero("USD"), Money.Zero("USD"), Money.Of(500, "USD"), total + Money.Of(500, "USD"), [], customerId));
        using var response = await OrdersHost.CheckoutAsync(http, Guid.NewGuid().ToString(), OrdersHost.Body(cartId, cartToken));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var orderId = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("orderId").GetString()!;
        var outcome = await OrdersHost.WaitForOutcomeAsync(http, orderId);
        Assert.True(outcome.GetProperty("status").GetString() == "fulfilling", outcome.ToString());
        return orderId;
    }

    async Task<string> TokenAsync(string customerId)
    {
        using var response = await http.PostAsJsonAsync("/api/dev/token", new { customerId }, Cancel);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("accessToken").GetString()!;
    }

    async Task<JsonElement> HistoryAsync(string token, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/customers/me/orders" + query);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(CommerceJson.Options, Cancel);
    }
}
