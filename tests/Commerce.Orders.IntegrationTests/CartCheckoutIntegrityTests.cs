using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Contracts;
using Commerce.Orders.Domain;
using Commerce.ServiceDefaults;

namespace Commerce.Orders.IntegrationTests;

/// <summary>
/// Issue 13, items 1 to 3, through the dev host with the real cart context: one cart makes at most one order, signed-in
/// customers check out with their bearer token, and the amount charged is the amount reviewed for the ship-to address.
/// </summary>
public sealed class CartCheckoutIntegrityTests(RealCartsHost host) : IClassFixture<RealCartsHost>
{
    const long UnitPrice = 2_500;
    const string PriceChanged = "price_changed";

    readonly HttpClient http = host.CreateShopperClient();

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>New York: 4 % sales tax on top, shipping taxed too.</summary>
    static object NewYork => new { name = "Ada Buyer", line1 = "1 Broadway", city = "New York", region = "NY", postalCode = "10004", country = "US" };

    [Fact]
    public async Task Ten_concurrent_checkouts_of_one_cart_under_different_keys_make_one_order_charged_and_stocked_once_and_every_answer_can_read_it()
    {
        var sku = await SkuAsync(stock: 5);
        var cart = await GuestCartAsync(sku, 1);
        var keys = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid().ToString()).ToList();

        var responses = await Task.WhenAll(keys.Select(key => OrdersHost.CheckoutAsync(http, key, OrdersHost.Body(cart.Id, cart.Token!))));

        var answered = new List<string>();
        var orderTokens = new List<string>();
        foreach (var response in responses)
        {
            var text = await response.Content.ReadAsStringAsync(Cancel);
            Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)response.StatusCode}: {text}");
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                Assert.Equal(Problems.ContentType, response.Content.Headers.ContentType?.MediaType);
                continue;
            }

            answered.Add(JsonDocument.Parse(text).RootElement.GetProperty("orderId").GetString()!);
            orderTokens.Add(JsonDocument.Parse(text).RootElement.GetProperty("orderToken").GetString()!);
        }

        var orderId = Assert.Single(answered.Distinct());
        var outcome = await OrdersHost.WaitForOutcomeAsync(http, orderId);
        Assert.True(outcome.GetProperty("status").GetString() == "fulfilling", outcome.ToString());
        var candidates = (await Task.WhenAll(keys.Select(host.OrderIdOfKeyAsync))).OfType<string>().Distinct().ToList();
        Assert.Equal([orderId], candidates); // no key was admitted for another order
        Assert.Equal(1, candidates.Sum(host.Payments.AuthorizeAttempts));
        var captured = 0;
        foreach (var candidate in candidates)
        {
            captured += (await host.Payments.GetAsync(SimulatedPaymentGateway.AuthorizationIdFor(candidate), Cancel))?.State == PaymentState.Captured ? 1 : 0;
        }

        Assert.Equal(1, captured);
        var stock = await host.StockAsync(sku);
        Assert.Equal((4L, 0L), (stock.OnHand, stock.Reserved));
        Assert.Equal([(orderId, HoldState.Committed, 1)], stock.Holds.Select(h => (h.OrderId, h.State, h.Quantity))); // sold once: committed until the warehouse confirms the shipment

        // Every tab (key) answered with the order got a token that reads it.
        using var tab = host.Server.CreateClient();
        Assert.Equal(answered.Count, orderTokens.Distinct().Count());
        foreach (var orderToken in orderTokens)
        {
            using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/orders/{orderId}");
            read.Headers.Add(OrderAccess.TokenHeader, orderToken);
            using var status = await tab.SendAsync(read, Cancel);
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        }
    }

    [Fact]
    public async Task After_a_declined_checkout_the_same_cart_checks_out_again_once_under_new_keys()
    {
        var sku = await SkuAsync(stock: 5);
        var cart = await GuestCartAsync(sku, 1);

        var declined = await AcceptedOrderIdAsync(Guid.NewGuid().ToString(), OrdersHost.Body(cart.Id, cart.Token!, SimulatedPaymentGateway.Decline));
        var failed = await OrdersHost.WaitForOutcomeAsync(http, declined);
        Assert.Equal(CheckoutFailureCodes.PaymentDeclined, failed.GetProperty("failure").GetProperty("code").GetString());

        var retries = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => AcceptedOrderIdAsync(Guid.NewGuid().ToString(), OrdersHost.Body(cart.Id, cart.Token!))));
        var orderId = Assert.Single(retries.Distinct());
        Assert.NotEqual(declined, orderId);
        var outcome = await OrdersHost.WaitForOutcomeAsync(http, orderId);

        Assert.True(outcome.GetProperty("status").GetString() == "fulfilling", outcome.ToString());
        Assert.Equal(4, (await host.StockAsync(sku)).OnHand);
    }

    [Fact]
    public async Task A_signed_in_customer_checks_out_their_cart_with_the_bearer_token_and_sees_the_order_in_their_history()
    {
        var sku = await SkuAsync(stock: 5);
        var customer = "cust-" + Guid.NewGuid().ToString("N")[..8];
        var bearer = await BearerAsync(customer);
        var cart = await CustomerCartAsync(bearer, sku, 2);
        var body = new
        {
            cartId = cart.Id,
            email = "ada@example.com",
            shippingAddress = NewYork,
            paymentToken = SimulatedPaymentGateway.Approve,
        };

        var refusedKeys = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString()).ToList();
        using var stranger = await CheckoutAsync(refusedKeys[0], body, await BearerAsync("someone-else-" + customer));
        using var anonymous = await CheckoutAsync(refusedKeys[1], body);
        using var guestToken = await CheckoutAsync(refusedKeys[2], new { cartId = cart.Id, cartToken = "not-the-token", email = "x@example.com", shippingAddress = NewYork, paymentToken = SimulatedPaymentGateway.Approve });
        foreach (var refused in new[] { stranger, anonymous, guestToken })
        {
            Assert.True(refused.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{(int)refused.StatusCode}: {await refused.Content.ReadAsStringAsync(Cancel)}");
            Assert.Equal(Problems.ContentType, refused.Content.Headers.ContentType?.MediaType);
        }

        foreach (var refusedKey in refusedKeys)
        {
            Assert.Null(await host.OrderIdOfKeyAsync(refusedKey)); // no order admitted, so none paid for or placed
        }

        Assert.Equal(5, (await host.StockAsync(sku)).OnHand);
        using var accepted = await CheckoutAsync(Guid.NewGuid().ToString(), body, bearer);
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, $"{(int)accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync(Cancel)}");
        var orderId = (await accepted.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("orderId").GetString()!;
        var outcome = await OrdersHost.WaitForOutcomeAsync(http, orderId);

        Assert.True(outcome.GetProperty("status").GetString() == "fulfilling", outcome.ToString());
        Assert.Equal(customer, outcome.GetProperty("order").GetProperty("customerId").GetString());
        Assert.Equal(3, (await host.StockAsync(sku)).OnHand);
        await Commerce.Testing.Eventually.UntilAsync(
            async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/customers/me/orders");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
                using var response = await http.SendAsync(request, Cancel);
                var history = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
                return response.IsSuccessStatusCode && history.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("id").GetString() == orderId);
            },
            OrdersHost.Deadline,
            because: "the customer's order to show in their history",
            cancellationToken: Cancel);
    }

    [Fact]
    public async Task Checkout_charges_tax_and_shipping_for_the_ship_to_address_and_records_every_total()
    {
        var sku = await SkuAsync(stock: 5);
        var cart = await GuestCartAsync(sku, 2);
        var body = new { cartId = cart.Id, cartToken = cart.Token, email = "ada@example.com", shippingAddress = NewYork, paymentToken = SimulatedPaymentGateway.Approve };

        var orderId = await AcceptedOrderIdAsync(Guid.NewGuid().ToString(), body);
        var outcome = await OrdersHost.WaitForOutcomeAsync(http, orderId);

        // 2 × 25.00 = 50.00; US parcel under 2 kg ships for 7.99; New York adds 4 % on the goods (2.00) and on shipping (0.32).
        Assert.True(outcome.GetProperty("status").GetString() == "fulfilling", outcome.ToString());
        var totals = outcome.GetProperty("order").GetProperty("totals");
        Assert.Equal(5_000, Minor(totals, "subtotal"));
        Assert.Equal(0, Minor(totals, "discounts"));
        Assert.Equal(799, Minor(totals, "shipping"));
        Assert.Equal(232, Minor(totals, "tax"));
        Assert.Equal(6_031, Minor(totals, "grandTotal"));
        var payment = await host.Payments.GetAsync(SimulatedPaymentGateway.AuthorizationIdFor(orderId), Cancel);
        Assert.Equal(Money.Of(6_031, "USD"), payment!.Amount);
        Assert.Equal(PaymentState.Captured, payment.State);
    }

    [Fact]
    public async Task The_reviewed_total_is_what_checkout_charges_and_a_different_total_fails_with_price_changed_before_any_authorization()
    {
        var sku = await SkuAsync(stock: 5);
        var cart = await GuestCartAsync(sku, 1);
        var reviewed = await SetDestinationAsync(cart, "US", "NY", "10004");
        Assert.Equal(3_431, reviewed.Total);

        var wrong = await AcceptedOrderIdAsync(Guid.NewGuid().ToString(), new { cartId = cart.Id, cartToken = cart.Token, email = "ada@example.com", shippingAddress = NewYork, paymentToken = SimulatedPaymentGateway.Approve, expectedTotal = new { minor = 2_500, currency = "USD" } });
        var failed = await OrdersHost.WaitForOutcomeAsync(http, wrong);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal(PriceChanged, failed.GetProperty("failure").GetProperty("code").GetString());
        Assert.Equal(0, host.Payments.AuthorizeAttempts(wrong));
        Assert.Equal((5L, 0L), ((await host.StockAsync(sku)).OnHand, (await host.StockAsync(sku)).Reserved));

        var right = await AcceptedOrderIdAsync(Guid.NewGuid().ToString(), new { cartId = cart.Id, cartToken = cart.Token, email = "ada@example.com", shippingAddress = NewYork, paymentToken = SimulatedPaymentGateway.Approve, expectedTotal = new { minor = 3_431, currency = "USD" } }, reviewed.ETag);
        var placed = await OrdersHost.WaitForOutcomeAsync(http, right);
        Assert.True(placed.GetProperty("status").GetString() == "fulfilling", placed.ToString());
        Assert.Equal(3_431, Minor(placed.GetProperty("order").GetProperty("totals"), "grandTotal"));
    }

    [Fact]
    public async Task A_cart_changed_since_the_reviewed_etag_fails_with_price_changed_and_touches_no_stock_or_payment()
    {
        var sku = await SkuAsync(stock: 5);
        var cart = await GuestCartAsync(sku, 1);
        var reviewed = await SetDestinationAsync(cart, "US", "NY", "10004");
        await SetDestinationAsync(cart with { ETag = reviewed.ETag }, "US", "CA", "94105");

        var orderId = await AcceptedOrderIdAsync(Guid.NewGuid().ToString(), new { cartId = cart.Id, cartToken = cart.Token, email = "ada@example.com", shippingAddress = NewYork, paymentToken = SimulatedPaymentGateway.Approve }, reviewed.ETag);
        var failed = await OrdersHost.WaitForOutcomeAsync(http, orderId);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal(PriceChanged, failed.GetProperty("failure").GetProperty("code").GetString());
        Assert.Equal(0, host.Payments.AuthorizeAttempts(orderId));
        var stock = await host.StockAsync(sku);
        Assert.Equal((5L, 0L), (stock.OnHand, stock.Reserved));
        Assert.Empty(stock.Holds);
    }

    [Theory]
    [InlineData("{\"minor\":-1,\"currency\":\"USD\"}")]
    [InlineData("{\"minor\":100,\"currency\":\"XXX\"}")]
    [InlineData("{\"minor\":100}")]
    [InlineData("\"12.50\"")]
    public async Task A_malformed_expected_total_is_400_problem_details(string expectedTotal)
    {
        var json = "{\"cartId\":\"c1\",\"cartToken\":\"t\",\"email\":\"a@b.c\",\"paymentToken\":\"tok_approve\","
            + "\"shippingAddress\":{\"name\":\"A\",\"line1\":\"1 Main St\",\"city\":\"X\",\"postalCode\":\"1\",\"country\":\"US\"},"
            + "\"expectedTotal\":" + expectedTotal + "}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/checkout") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        using var response = await http.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Problems.ContentType, response.Content.Headers.ContentType?.MediaType);
    }

    static long Minor(JsonElement totals, string name) => totals.GetProperty(name).GetProperty("minor").GetInt64();

    sealed record StorefrontCart(string Id, string? Token, string ETag);

    sealed record Reviewed(long Total, string ETag);

    Task<string> SkuAsync(long stock) => host.SellableSkuAsync(UnitPrice, ("wh-east", stock));

    Task<StorefrontCart> GuestCartAsync(string sku, int quantity) => CartWithAsync(null, sku, quantity);

    Task<StorefrontCart> CustomerCartAsync(string bearer, string sku, int quantity) => CartWithAsync(bearer, sku, quantity);

    async Task<StorefrontCart> CartWithAsync(string? bearer, string sku, int quantity)
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/carts") { Content = JsonContent.Create(new { currency = "USD" }) };
        if (bearer is not null)
        {
            create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var created = await http.SendAsync(create, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var cart = new StorefrontCart(body.GetProperty("cartId").GetString()!, body.TryGetProperty("cartToken", out var token) ? token.GetString() : null, created.Headers.ETag!.Tag);
        using var add = Authorized(new HttpRequestMessage(HttpMethod.Post, $"/api/carts/{cart.Id}/items") { Content = JsonContent.Create(new { sku, quantity }) }, cart, bearer);
        using var added = await http.SendAsync(add, Cancel);
        Assert.True(added.StatusCode == HttpStatusCode.OK, await added.Content.ReadAsStringAsync(Cancel));
        return cart with { ETag = added.Headers.ETag!.Tag };
    }

    async Task<Reviewed> SetDestinationAsync(StorefrontCart cart, string country, string region, string postalCode)
    {
        using var request = Authorized(new HttpRequestMessage(HttpMethod.Put, $"/api/carts/{cart.Id}/destination") { Content = JsonContent.Create(new { country, region, postalCode }) }, cart, null);
        using var response = await http.SendAsync(request, Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancel));
        return new Reviewed((await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("total").GetProperty("minor").GetInt64(), response.Headers.ETag!.Tag);
    }

    static HttpRequestMessage Authorized(HttpRequestMessage request, StorefrontCart cart, string? bearer)
    {
        if (cart.Token is not null)
        {
            request.Headers.Add("X-Cart-Token", cart.Token);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        request.Headers.IfMatch.Add(new EntityTagHeaderValue(cart.ETag));
        return request;
    }

    async Task<string> BearerAsync(string customerId)
    {
        using var response = await http.PostAsJsonAsync("/api/dev/token", new { customerId }, Cancel);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("accessToken").GetString()!;
    }

    async Task<HttpResponseMessage> CheckoutAsync(string key, object body, string? bearer = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/checkout") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue(ifMatch));
        }

        return await http.SendAsync(request, Cancel);
    }

    async Task<string> AcceptedOrderIdAsync(string key, object body, string? ifMatch = null)
    {
        using var response = await CheckoutAsync(key, body, ifMatch: ifMatch);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("orderId").GetString()!;
    }
}
