using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Commerce.Orders.Domain;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Commerce.DevHost.Tests;

/// <summary>Who may call a route (everyone else gets 404 problem details, so existence does not leak).</summary>
public enum Rule
{
    /// <summary>Anyone: the catalog, search, anonymous recommendations, a new cart, the collector, the dev host's own pages.</summary>
    Public,

    /// <summary>Anyone: health reports.</summary>
    Health,

    /// <summary>The cart's holder: its X-Cart-Token (a guest cart) or its customer's bearer token.</summary>
    CartOwner,

    /// <summary>The order's buyer (the order token in Order-Token, or the owning customer's bearer) or an admin bearer.</summary>
    OrderOwner,

    /// <summary>Only the customer the route names (their bearer token).</summary>
    CustomerSelf,

    /// <summary>Any signed-in customer, about themselves (<c>me</c>): the route names no resource, so anonymous is 401, not 404.</summary>
    SignedIn,

    /// <summary>Staff: the function key (the admin key locally).</summary>
    Admin,

    /// <summary>The payment provider: a request without its signature is refused with a 4xx (401).</summary>
    SignedWebhook,
}

/// <summary>Who calls.</summary>
public enum Caller
{
    Anonymous,
    AnotherCustomer,
    Owner,
    Admin,
}

/// <summary>
/// The authorization matrix: every route of the dev host (every HTTP function of every app, plus the dev host's own
/// routes) × {anonymous, another customer, the owner, admin}, each with the status its rule allows. The routes come
/// from the running host's route table, so a route without a rule here fails the test (and so does a rule for a route
/// that no longer exists).
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.Fixture fixture) : IClassFixture<AuthorizationMatrixTests.Fixture>
{
    /// <summary>A route's rule and the request that exercises it; <c>{placeholders}</c> are filled from the fixtures.</summary>
    /// <param name="MissingType">The problem type an allowed caller's 404 carries when the resource itself is missing
    /// (a staff read of something the app holds nothing for): told apart from the refusal's 404 by that type.</param>
    public sealed record Row(Rule Rule, string Path, string? Body = null, bool GuestCartOnly = false, string? MissingType = null);

    /// <summary>Every route, by method and route pattern, and who may call it.</summary>
    public static readonly Dictionary<string, Row> Rules = new(StringComparer.Ordinal)
    {
        // Catalog
        ["GET /api/catalog/health"] = new(Rule.Health, "/api/catalog/health"),
        ["GET /api/products"] = new(Rule.Public, "/api/products"),
        ["GET /api/products/{id}"] = new(Rule.Public, "/api/products/{product}"),
        ["GET /api/products/by-slug/{slug}"] = new(Rule.Public, "/api/products/by-slug/{slug}"),
        ["GET /api/products/{id}/related"] = new(Rule.Public, "/api/products/{product}/related"),
        ["GET /api/categories"] = new(Rule.Public, "/api/categories"),
        ["GET /api/search"] = new(Rule.Public, "/api/search?q=shirt"),
        ["GET /api/search/suggest"] = new(Rule.Public, "/api/search/suggest?q=sh"),
        ["GET /api/recommendations"] = new(Rule.CustomerSelf, "/api/recommendations?customerId={owner}"),
        ["POST /api/admin/products"] = new(Rule.Admin, "/api/admin/products", "{}"),
        ["PUT /api/admin/products/{id}"] = new(Rule.Admin, "/api/admin/products/matrix-product", "{}"),
        ["PATCH /api/admin/products/{id}"] = new(Rule.Admin, "/api/admin/products/{product}", "{}"),
        ["POST /api/admin/products/{id}/archive"] = new(Rule.Admin, "/api/admin/products/demo-000199/archive"),
        ["POST /api/admin/products/{id}/images"] = new(Rule.Admin, "/api/admin/products/{product}/images", "not an image"),
        ["POST /api/admin/products/import"] = new(Rule.Admin, "/api/admin/products/import", "not a product"),
        ["PUT /api/admin/categories/{id}"] = new(Rule.Admin, "/api/admin/categories/matrix-category", "{\"name\": \"Matrix\"}"),
        ["GET /api/admin/recommendations/model"] = new(Rule.Admin, "/api/admin/recommendations/model"),

        // Cart (mutations are sent without If-Match: a caller who may use the cart gets 428, which changes nothing)
        ["GET /api/cart/health"] = new(Rule.Health, "/api/cart/health"),
        ["POST /api/carts"] = new(Rule.Public, "/api/carts"),
        ["GET /api/carts/{id}"] = new(Rule.CartOwner, "/api/carts/{cart}"),
        ["POST /api/carts/{id}/merge"] = new(Rule.CartOwner, "/api/carts/{cart}/merge", GuestCartOnly: true),
        ["POST /api/carts/{id}/items"] = new(Rule.CartOwner, "/api/carts/{cart}/items", "{\"sku\": \"{sku}\", \"quantity\": 1}"),
        ["PUT /api/carts/{id}/items/{sku}"] = new(Rule.CartOwner, "/api/carts/{cart}/items/{sku}", "{\"quantity\": 2}"),
        ["PATCH /api/carts/{id}/items/{sku}"] = new(Rule.CartOwner, "/api/carts/{cart}/items/{sku}", "{\"quantity\": 2}"),
        ["DELETE /api/carts/{id}/items/{sku}"] = new(Rule.CartOwner, "/api/carts/{cart}/items/{sku}"),
        ["POST /api/carts/{id}/promotions"] = new(Rule.CartOwner, "/api/carts/{cart}/promotions", "{\"code\": \"WELCOME10\"}"),
        ["DELETE /api/carts/{id}/promotions/{code}"] = new(Rule.CartOwner, "/api/carts/{cart}/promotions/WELCOME10"),
        ["PUT /api/carts/{id}/destination"] = new(Rule.CartOwner, "/api/carts/{cart}/destination", "{\"country\": \"US\", \"region\": \"IL\", \"postalCode\": \"62701\"}"),

        // Orders
        ["GET /api/orders/health"] = new(Rule.Health, "/api/orders/health"),
        ["POST /api/checkout"] = new(Rule.CartOwner, "/api/checkout", """{"cartId": "{checkoutCart}", "cartToken": "{checkoutToken}", "email": "matrix@example.com", "shippingAddress": {"name": "Ada", "line1": "1 Main St", "city": "Springfield", "region": "IL", "postalCode": "62701", "country": "US"}, "paymentToken": "tok_approve"}""", GuestCartOnly: true),
        ["GET /api/orders/{orderId}"] = new(Rule.OrderOwner, "/api/orders/{order}"),
        ["POST /api/orders/{orderId}/cancel"] = new(Rule.OrderOwner, "/api/orders/{order}/cancel"),
        ["GET /api/customers/me/orders"] = new(Rule.SignedIn, "/api/customers/me/orders"),
        ["GET /api/inventory/{sku}"] = new(Rule.Admin, "/api/inventory/{sku}"),
        ["POST /api/payments/webhook"] = new(Rule.SignedWebhook, "/api/payments/webhook", "{\"type\": \"payment.action_completed\", \"orderId\": \"{order}\", \"approved\": true}"),

        // Analytics
        ["GET /api/analytics/health"] = new(Rule.Health, "/api/analytics/health"),
        ["POST /api/events"] = new(Rule.Public, "/api/events", """{"events": [{"id": "{unique}", "type": "page_view", "sessionId": "matrix", "timestamp": "{now}"}]}"""),
        ["GET /api/analytics/summary"] = new(Rule.Admin, "/api/analytics/summary"),
        ["GET /api/analytics/dashboard"] = new(Rule.Admin, "/api/analytics/dashboard"),

        // Every app's own OpenAPI document (the dev host serves their merge)
        ["GET /api/openapi/v1.json"] = new(Rule.Public, "/api/openapi/v1.json"),
        // Pricing (a malformed proposal id is a 400 for staff, so the row shows staff are let through)
        ["GET /api/pricing/health"] = new(Rule.Health, "/api/pricing/health"),
        ["PUT /api/admin/pricing/skus/{sku}/costs"] = new(Rule.Admin, "/api/admin/pricing/skus/{sku}/costs", "{}"),
        ["PUT /api/admin/pricing/skus/{sku}/guardrail"] = new(Rule.Admin, "/api/admin/pricing/skus/{sku}/guardrail", "{\"minMarginBasisPoints\": -1}"),
        ["PUT /api/admin/pricing/categories/{categoryId}"] = new(Rule.Admin, "/api/admin/pricing/categories/matrix-category", "{\"minMarginBasisPoints\": -1}"),
        ["POST /api/admin/pricing/skus/{sku}/proposals"] = new(Rule.Admin, "/api/admin/pricing/skus/{sku}/proposals", "{}"),
        ["GET /api/admin/pricing/skus/{sku}/proposals"] = new(Rule.Admin, "/api/admin/pricing/skus/{sku}/proposals"),
        ["POST /api/admin/pricing/skus/{sku}/proposals/{proposalId}/approve"] = new(Rule.Admin, "/api/admin/pricing/skus/{sku}/proposals/not-a-proposal-id/approve"),
        ["GET /api/admin/pricing/skus/{sku}/history"] = new(Rule.Admin, "/api/admin/pricing/skus/{sku}/history"),
        ["GET /api/admin/pricing/skus/{sku}/competitor-prices"] = new(Rule.Admin, "/api/admin/pricing/skus/{sku}/competitor-prices"),
        ["GET /api/admin/experiments"] = new(Rule.Admin, "/api/admin/experiments"),
        ["POST /api/admin/experiments"] = new(Rule.Admin, "/api/admin/experiments", "{}"),
        ["GET /api/admin/experiments/{id}"] = new(Rule.Admin, "/api/admin/experiments/matrix-experiment"),
        ["GET /api/admin/experiments/{id}/results"] = new(Rule.Admin, "/api/admin/experiments/matrix-experiment/results"),
        ["POST /api/admin/experiments/{id}/stop"] = new(Rule.Admin, "/api/admin/experiments/matrix-experiment/stop"),
        ["POST /api/admin/experiments/{id}/rollout"] = new(Rule.Admin, "/api/admin/experiments/matrix-experiment/rollout", "{}"),
        ["GET /api/replenishment/health"] = new(Rule.Health, "/api/replenishment/health"),
        ["PUT /api/admin/replenishment/suppliers/{supplier}/warehouses/{warehouse}"] = new(Rule.Admin, "/api/admin/replenishment/suppliers/matrix-supplier/warehouses/matrix-warehouse", "{\"leadTimeDays\": 0}"),
        ["PUT /api/admin/replenishment/categories/{category}"] = new(Rule.Admin, "/api/admin/replenishment/categories/matrix-category", "{\"serviceLevel\": 2}"),
        ["PUT /api/admin/replenishment/skus/{sku}/supplier"] = new(Rule.Admin, "/api/admin/replenishment/skus/{sku}/supplier", "{}"),
        ["GET /api/admin/replenishment/{sku}"] = new(Rule.Admin, "/api/admin/replenishment/{sku}", MissingType: "replenishment-unknown-sku"),
        ["GET /api/admin/replenishment/risks"] = new(Rule.Admin, "/api/admin/replenishment/risks?pageSize=0"),

        // The dev host's own routes
        ["GET /"] = new(Rule.Public, "/"),
        ["POST /api/dev/token"] = new(Rule.Public, "/api/dev/token", "{\"customerId\": \"matrix-token\"}"),
        ["POST /admin/functions/{name}"] = new(Rule.Admin, "/admin/functions/PublishTrendingProducts"),
        ["GET /openapi/v1.json"] = new(Rule.Public, "/openapi/v1.json"),
        ["GET /scalar/{documentName?}"] = new(Rule.Public, "/scalar/v1"),
        ["GET /scalar/scalar.js"] = new(Rule.Public, "/scalar/scalar.js"),
        ["GET /scalar/scalar.aspnetcore.js"] = new(Rule.Public, "/scalar/scalar.aspnetcore.js"),
        ["GET /scalar/favicon.svg"] = new(Rule.Public, "/scalar/favicon.svg"),
    };

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Every_route_of_the_dev_host_has_a_rule_and_every_rule_a_route()
    {
        var routes = RouteTable(fixture.Factory.Services);

        Assert.True(routes.Count > 40, $"only {routes.Count} routes found");
        Assert.Empty(routes.Except(Rules.Keys).Select(r => $"no rule for {r}: add it to {nameof(AuthorizationMatrixTests)}.{nameof(Rules)}"));
        Assert.Empty(Rules.Keys.Except(routes).Select(r => $"a rule for {r}, which is not a route"));
    }

    [Fact]
    public async Task Every_route_answers_each_caller_as_its_rule_says()
    {
        var failures = new List<string>();
        var sent = 0;
        foreach (var route in RouteTable(fixture.Factory.Services).Order(StringComparer.Ordinal))
        {
            if (!Rules.TryGetValue(route, out var row))
            {
                failures.Add($"{route} has no rule: every route names who may call it");
                continue;
            }

            var method = route[..route.IndexOf(' ', StringComparison.Ordinal)];
            foreach (var cart in row.Rule == Rule.CartOwner && !row.GuestCartOnly ? [fixture.GuestCart, fixture.CustomerCart] : new[] { row.Path.Contains("{checkoutCart}", StringComparison.Ordinal) ? fixture.CheckoutCart : fixture.GuestCart })
            {
                // The owner goes last: an allowed call may change what the others would see.
                foreach (var caller in new[] { Caller.Anonymous, Caller.AnotherCustomer, Caller.Admin, Caller.Owner })
                {
                    using var response = await fixture.SendAsync(method, row, caller, cart);
                    sent++;
                    var failure = await CheckAsync(route, row, caller, cart, response);
                    if (failure is not null)
                    {
                        failures.Add(failure);
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} calls were not answered as the rules say:\n" + string.Join('\n', failures));
    }

    [Fact]
    public async Task Staff_reach_back_office_routes_with_an_admin_bearer_alone_and_customers_get_the_404_of_no_route()
    {
        // In Azure no function key is handed to anyone: staff (people or back-office services) sign in and carry the
        // admin app role; the apps check it, so the routes can be published on the edge like any other.
        using var client = fixture.Factory.CreateClient();
        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string bearer)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            if (method == HttpMethod.Post)
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            return await client.SendAsync(request, Ct);
        }

        // Staff get the route's own answer: the SKU's stock, and the validation problem of an empty product.
        foreach (var (method, path, staffStatus) in new[] { (HttpMethod.Get, $"/api/inventory/{fixture.Value("{sku}")}", HttpStatusCode.OK), (HttpMethod.Post, "/api/admin/products", HttpStatusCode.BadRequest) })
        {
            using var staff = await SendAsync(method, path, fixture.Bearer("admin"));
            using var customer = await SendAsync(method, path, fixture.Bearer("other"));

            Assert.True(staff.StatusCode == staffStatus, $"{method} {path} as staff: {(int)staff.StatusCode} {await staff.Content.ReadAsStringAsync(Ct)}");
            Assert.Equal(HttpStatusCode.NotFound, customer.StatusCode);
            Assert.Equal("application/problem+json", customer.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Recommendations_without_a_customer_stay_public()
    {
        using var client = fixture.Factory.CreateClient();

        using var response = await client.GetAsync("/api/recommendations?sessionId=matrix-session", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Whether the rule lets the caller in.</summary>
    public static bool Allowed(Rule rule, Caller caller) => rule switch
    {
        Rule.Public or Rule.Health => true,
        Rule.CartOwner or Rule.CustomerSelf => caller == Caller.Owner,
        Rule.OrderOwner => caller is Caller.Owner or Caller.Admin,
        Rule.SignedIn => caller != Caller.Anonymous,
        Rule.Admin => caller == Caller.Admin,
        Rule.SignedWebhook => false,
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    static async Task<string?> CheckAsync(string route, Row row, Caller caller, Fixture.Cart cart, HttpResponseMessage response)
    {
        var rule = row.Rule;
        var status = (int)response.StatusCode;
        var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
        var what = $"{route} as {caller}{(rule == Rule.CartOwner ? $" ({cart.Kind} cart)" : string.Empty)} [{rule}]: {status}";
        if (status >= 500)
        {
            return $"{what}, a server error: {await response.Content.ReadAsStringAsync(Ct)}";
        }

        if (Allowed(rule, caller))
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            var missing = status == 404 && problem && row.MissingType is not null && body.Contains($"/problems/{row.MissingType}\"", StringComparison.Ordinal);
            return status is 401 or 403 or 404 && !missing ? $"{what}, but the rule allows this caller: {body}" : null;
        }

        var expected = (rule, caller) switch
        {
            (Rule.SignedWebhook, _) => status is >= 400 and < 500 and not 404,
            (Rule.SignedIn, Caller.Anonymous) => status == 401,
            _ => status == 404,
        };
        return expected && problem ? null : $"{what} ({response.Content.Headers.ContentType?.MediaType}), but the rule refuses this caller (404 problem details expected{(rule == Rule.SignedWebhook ? ", or the webhook's 4xx" : string.Empty)})";
    }

    /// <summary>"METHOD /pattern" of every route the host serves.</summary>
    static HashSet<string> RouteTable(IServiceProvider services) =>
    [
        .. services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} /{RouteTemplates.WithoutConstraints(e.RoutePattern.RawText!).TrimStart('/')}")),
    ];

    /// <summary>The dev host with what the matrix needs: customers' tokens, a guest cart, a customer cart, a cart to check out, an order.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public sealed record Cart(string Kind, string Id, string? Token);

        public DevHostFactory Factory { get; } = new();

        HttpClient client = null!;
        string adminKey = null!;
        readonly Dictionary<string, string> bearers = [];
        readonly Dictionary<string, string> values = [];

        public Cart GuestCart { get; private set; } = null!;

        public Cart CustomerCart { get; private set; } = null!;

        public Cart CheckoutCart { get; private set; } = null!;

        /// <summary>The bearer token minted for "owner", "other", "buyer" or "admin".</summary>
        public string Bearer(string name) => bearers[name];

        /// <summary>A value the rows fill in ("{sku}", "{product}", ...).</summary>
        public string Value(string name) => values[name];

        public async ValueTask InitializeAsync()
        {
            client = Factory.CreateClient();
            adminKey = Factory.Services.GetRequiredService<IOptions<DevHostOptions>>().Value.AdminKey;
            foreach (var (name, customerId, roles) in new[] { ("owner", "matrix-owner", Array.Empty<string>()), ("other", "matrix-other", []), ("buyer", "matrix-buyer", []), ("admin", "matrix-admin", ["Commerce.Admin"]) })
            {
                using var minted = await client.PostAsJsonAsync("/api/dev/token", new { customerId, roles }, Ct);
                minted.EnsureSuccessStatusCode();
                bearers[name] = (await minted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString()!;
            }

            var product = await DevHostFactory.DemoProductAsync(client, "demo-000001", Ct);
            var sku = product.GetProperty("variants")[0].GetProperty("sku").GetString()!;
            await Factory.Services.GetRequiredService<InventoryService>().SeedAsync(sku, [("wh-matrix", 100)], Ct);
            values["{product}"] = "demo-000001";
            values["{slug}"] = product.GetProperty("slug").GetString()!;
            values["{sku}"] = sku;
            values["{owner}"] = "matrix-owner";

            GuestCart = await CartAsync("guest", null, sku);
            CustomerCart = await CartAsync("customer", bearers["owner"], sku);
            CheckoutCart = await CartAsync("checkout", null, sku);
            var buyerCart = await CartAsync("buyer", bearers["buyer"], sku);
            using var checkout = new HttpRequestMessage(HttpMethod.Post, "/api/checkout")
            {
                Content = JsonContent.Create(new
                {
                    cartId = buyerCart.Id,
                    email = "buyer@example.com",
                    shippingAddress = new { name = "Ada Buyer", line1 = "1 Main St", city = "Springfield", region = "IL", postalCode = "62701", country = "US" },
                    paymentToken = "tok_approve",
                }),
            };
            checkout.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            checkout.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearers["buyer"]);
            using var accepted = await client.SendAsync(checkout, Ct);
            Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, $"checkout of the buyer's cart: {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync(Ct)}");
            values["{order}"] = (await accepted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("orderId").GetString()!;
        }

        async Task<Cart> CartAsync(string kind, string? bearer, string sku)
        {
            using var create = new HttpRequestMessage(HttpMethod.Post, "/api/carts");
            if (bearer is not null)
            {
                create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }

            using var created = await client.SendAsync(create, Ct);
            Assert.True(created.StatusCode == HttpStatusCode.Created, $"{kind} cart: {(int)created.StatusCode}");
            var body = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
            var cart = new Cart(kind, body.GetProperty("cartId").GetString()!, body.TryGetProperty("cartToken", out var token) ? token.GetString() : null);
            using var add = new HttpRequestMessage(HttpMethod.Post, $"/api/carts/{cart.Id}/items") { Content = JsonContent.Create(new { sku, quantity = 1 }) };
            Authorize(add, cart, bearer);
            add.Headers.IfMatch.Add(created.Headers.ETag!);
            using var added = await client.SendAsync(add, Ct);
            Assert.True(added.StatusCode == HttpStatusCode.OK, $"{kind} cart item: {(int)added.StatusCode} {await added.Content.ReadAsStringAsync(Ct)}");
            return cart;
        }

        static void Authorize(HttpRequestMessage request, Cart cart, string? bearer)
        {
            if (cart.Token is not null)
            {
                request.Headers.Add("X-Cart-Token", cart.Token);
            }

            if (bearer is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }
        }

        /// <summary>
        /// The row's request as <paramref name="caller"/>: anonymous sends nothing (a guessed token where a body needs
        /// one); another customer their own bearer; the owner the cart's token and its customer's bearer, or the buyer's
        /// bearer for an order; admin the function key and an admin bearer.
        /// </summary>
        public async Task<HttpResponseMessage> SendAsync(string method, Row row, Caller caller, Cart cart)
        {
            var owner = caller == Caller.Owner;
            var fill = new Dictionary<string, string>(values)
            {
                ["{cart}"] = cart.Id,
                ["{checkoutCart}"] = CheckoutCart.Id,
                ["{checkoutToken}"] = owner ? CheckoutCart.Token! : "guessed-token",
                ["{unique}"] = Guid.NewGuid().ToString("N"),
                ["{now}"] = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            };
            string Fill(string text) => fill.Aggregate(text, (t, p) => t.Replace(p.Key, p.Value, StringComparison.Ordinal));

            var request = new HttpRequestMessage(new HttpMethod(method), Fill(row.Path));
            if (row.Body is not null)
            {
                request.Content = new StringContent(Fill(row.Body), Encoding.UTF8, "application/json");
            }

            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            switch (caller)
            {
                case Caller.AnotherCustomer:
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearers["other"]);
                    break;
                case Caller.Admin:
                    request.Headers.Add("x-functions-key", adminKey);
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearers["admin"]);
                    break;
                case Caller.Owner when row.Rule == Rule.OrderOwner:
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearers["buyer"]);
                    break;
                case Caller.Owner:
                    Authorize(request, cart, bearers["owner"]);
                    break;
            }

            return await client.SendAsync(request, Ct);
        }

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            await Factory.DisposeAsync();
        }
    }
}
