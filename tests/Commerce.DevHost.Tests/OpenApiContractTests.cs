using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Commerce.Orders.Domain;
using Commerce.ServiceDefaults.OpenApi;
using Commerce.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.DevHost.Tests;

/// <summary>
/// Real calls on the dev host, each answer checked against the document it serves (status documented for the
/// operation, media type and body valid against the schema): the storefront journey and a few refusals. An
/// undocumented answer fails the test.
/// </summary>
public sealed class OpenApiContractTests(DevHostFactory factory) : IClassFixture<DevHostFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_documents_are_valid_OpenAPI_3_1()
    {
        using var client = factory.CreateClient();
        var text = await client.GetStringAsync("/openapi/v1.json", Ct);

        var apps = DevHostExtensions.Apps.Select(a => (a.Key, Text: ServedOpenApiDocument.Of(a.Key, a.Value).Document.ToJsonString()));
        var failures = new List<string>();
        foreach (var (name, document) in apps.Prepend(("merged", text)))
        {
            var read = Microsoft.OpenApi.OpenApiDocument.Parse(document, "json");
            failures.AddRange(read.Diagnostic!.Errors.Select(e => $"{name}: {e.Pointer}: {e.Message}"));
            failures.AddRange(Microsoft.OpenApi.OpenApiElementExtensions.Validate(read.Document!, Microsoft.OpenApi.ValidationRuleSet.GetDefaultRuleSet())!.Select(e => $"{name}: {e.Pointer}: {e.Message}"));
            Assert.StartsWith("3.1", read.Diagnostic.SpecificationVersion.ToString().Replace("OpenApi", string.Empty, StringComparison.Ordinal).Replace('_', '.'), StringComparison.Ordinal);
        }

        Assert.Empty(failures);
        Assert.True(JsonNode.Parse(text)!["paths"]!.AsObject().Count > 30);
    }

    [Fact]
    public async Task Each_app_serves_exactly_its_part_of_the_merged_document()
    {
        using var client = factory.CreateClient();
        var merged = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json", Ct))!.AsObject();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var (app, assembly) in DevHostExtensions.Apps)
        {
            var own = ServedOpenApiDocument.Of(app, assembly).Document;
            foreach (var (method, path, operation) in OpenApiDocumentTests.Operations(own))
            {
                covered.Add($"{method} {path}");
                if (!JsonNode.DeepEquals(operation, merged["paths"]?[path]?[method.ToLowerInvariant()]))
                {
                    failures.Add($"{app}: {method} {path} differs from the merged document");
                }
            }

            foreach (var (name, schema) in own["components"]!["schemas"]!.AsObject())
            {
                if (!JsonNode.DeepEquals(schema, merged["components"]!["schemas"]![name]))
                {
                    failures.Add($"{app}: schema {name} differs from the merged document");
                }
            }
        }

        failures.AddRange(OpenApiDocumentTests.Operations(merged).Select(o => $"{o.Method} {o.Path}").Where(o => !covered.Contains(o)).Select(o => $"{o} is in no app's document"));
        Assert.Empty(failures);
    }

    [Fact]
    public async Task The_document_is_cacheable_and_revalidates_with_its_entity_tag()
    {
        using var client = factory.CreateClient();
        using var first = await client.GetAsync("/api/openapi/v1.json", Ct);
        using var again = OpenApiContract.Request(HttpMethod.Get, "/api/openapi/v1.json", null, ("If-None-Match", first.Headers.ETag!.Tag));
        using var revalidated = await client.SendAsync(again, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(first.Headers.CacheControl?.Public, "the document is publicly cacheable");
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Equal(await client.GetStringAsync("/openapi/v1.json", Ct), await first.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Storefront_answers_and_refusals_are_the_documented_ones()
    {
        using var client = factory.CreateClient();
        var contract = new OpenApiContract(JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json", Ct))!.AsObject());
        var failures = new List<string>();
        async Task<HttpResponseMessage> CallAsync(string template, HttpRequestMessage request, HttpStatusCode expected)
        {
            using (request)
            {
                var response = await client.SendAsync(request, Ct);
                await response.Content.LoadIntoBufferAsync(Ct);
                if (response.StatusCode != expected)
                {
                    failures.Add($"{request.Method} {request.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
                }

                failures.AddRange(await contract.CheckAsync(request.Method.Method, template, response, Ct));
                return response;
            }
        }

        var product = await DevHostFactory.DemoProductAsync(client, "demo-000002", Ct);
        var sku = product.GetProperty("variants")[0].GetProperty("sku").GetString()!;
        await factory.Services.GetRequiredService<InventoryService>().SeedAsync(sku, [("wh-contract", 100)], Ct);

        // Catalog reads, search, and their refusals.
        using var read = await CallAsync("/api/products/{id}", OpenApiContract.Request(HttpMethod.Get, "/api/products/demo-000002"), HttpStatusCode.OK);
        (await CallAsync("/api/products/{id}", OpenApiContract.Request(HttpMethod.Get, "/api/products/demo-000002", null, ("If-None-Match", read.Headers.ETag!.Tag)), HttpStatusCode.NotModified)).Dispose();
        (await CallAsync("/api/products/{id}", OpenApiContract.Request(HttpMethod.Get, "/api/products/no-such-product"), HttpStatusCode.NotFound)).Dispose();
        (await CallAsync("/api/products/by-slug/{slug}", OpenApiContract.Request(HttpMethod.Get, $"/api/products/by-slug/{product.GetProperty("slug").GetString()}"), HttpStatusCode.OK)).Dispose();
        (await CallAsync("/api/categories", OpenApiContract.Request(HttpMethod.Get, "/api/categories"), HttpStatusCode.OK)).Dispose();
        (await CallAsync("/api/products", OpenApiContract.Request(HttpMethod.Get, "/api/products?pageSize=5"), HttpStatusCode.OK)).Dispose();
        (await CallAsync("/api/products", OpenApiContract.Request(HttpMethod.Get, "/api/products?pageSize=abc"), HttpStatusCode.BadRequest)).Dispose();
        (await CallAsync("/api/search", OpenApiContract.Request(HttpMethod.Get, "/api/search?q=shirt&pageSize=5"), HttpStatusCode.OK)).Dispose();
        (await CallAsync("/api/search/suggest", OpenApiContract.Request(HttpMethod.Get, "/api/search/suggest?q=sh"), HttpStatusCode.OK)).Dispose();
        (await CallAsync("/api/search/suggest", OpenApiContract.Request(HttpMethod.Get, "/api/search/suggest"), HttpStatusCode.BadRequest)).Dispose();
        (await CallAsync("/api/products/{id}/related", OpenApiContract.Request(HttpMethod.Get, "/api/products/demo-000002/related?n=3"), HttpStatusCode.OK)).Dispose();
        (await CallAsync("/api/recommendations", OpenApiContract.Request(HttpMethod.Get, "/api/recommendations?sessionId=contract"), HttpStatusCode.OK)).Dispose();
        (await CallAsync("/api/admin/products", OpenApiContract.Request(HttpMethod.Post, "/api/admin/products", "{}"), HttpStatusCode.NotFound)).Dispose();
        (await CallAsync("/api/catalog/health", OpenApiContract.Request(HttpMethod.Get, "/api/catalog/health"), HttpStatusCode.OK)).Dispose();

        // The cart: create, add, refusals of a change without or with a stale If-Match, a malformed body, a stranger.
        using var created = await CallAsync("/api/carts", OpenApiContract.Request(HttpMethod.Post, "/api/carts"), HttpStatusCode.Created);
        var cart = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var (cartId, token) = (cart.GetProperty("cartId").GetString()!, cart.GetProperty("cartToken").GetString()!);
        var items = $"/api/carts/{cartId}/items";
        using var added = await CallAsync("/api/carts/{id}/items", OpenApiContract.Request(HttpMethod.Post, items, new { sku, quantity = 1 }, ("X-Cart-Token", token), ("If-Match", created.Headers.ETag!.Tag)), HttpStatusCode.OK);
        (await CallAsync("/api/carts/{id}/items", OpenApiContract.Request(HttpMethod.Post, items, new { sku, quantity = 1 }, ("X-Cart-Token", token)), HttpStatusCode.PreconditionRequired)).Dispose();
        (await CallAsync("/api/carts/{id}/items", OpenApiContract.Request(HttpMethod.Post, items, new { sku, quantity = 1 }, ("X-Cart-Token", token), ("If-Match", created.Headers.ETag!.Tag)), HttpStatusCode.PreconditionFailed)).Dispose();
        (await CallAsync("/api/carts/{id}/items", OpenApiContract.Request(HttpMethod.Post, items, "{not json", ("X-Cart-Token", token), ("If-Match", added.Headers.ETag!.Tag)), HttpStatusCode.BadRequest)).Dispose();
        (await CallAsync("/api/carts/{id}/items/{sku}", OpenApiContract.Request(HttpMethod.Patch, $"{items}/{sku}", new { quantity = 0 }, ("X-Cart-Token", token), ("If-Match", added.Headers.ETag!.Tag)), HttpStatusCode.BadRequest)).Dispose();
        (await CallAsync("/api/carts/{id}", OpenApiContract.Request(HttpMethod.Get, $"/api/carts/{cartId}"), HttpStatusCode.NotFound)).Dispose();
        using var current = await CallAsync("/api/carts/{id}", OpenApiContract.Request(HttpMethod.Get, $"/api/carts/{cartId}", null, ("X-Cart-Token", token)), HttpStatusCode.OK);

        // Checkout and the order it makes, and their refusals.
        var checkout = new
        {
            cartId,
            cartToken = token,
            email = "contract@example.com",
            shippingAddress = new { name = "Ada Contract", line1 = "1 Main St", city = "Springfield", region = "IL", postalCode = "62701", country = "US" },
            paymentToken = "tok_approve",
        };
        (await CallAsync("/api/checkout", OpenApiContract.Request(HttpMethod.Post, "/api/checkout", checkout), HttpStatusCode.BadRequest)).Dispose();
        (await CallAsync("/api/checkout", OpenApiContract.Request(HttpMethod.Post, "/api/checkout", new { cartId }, ("Idempotency-Key", "contract-invalid")), HttpStatusCode.BadRequest)).Dispose();
        using var accepted = await CallAsync("/api/checkout", OpenApiContract.Request(HttpMethod.Post, "/api/checkout", checkout, ("Idempotency-Key", "contract-1"), ("If-Match", current.Headers.ETag!.Tag)), HttpStatusCode.Accepted);
        var order = await accepted.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var orderUrl = $"/api/orders/{order.GetProperty("orderId").GetString()}";
        (await CallAsync("/api/orders/{orderId}", OpenApiContract.Request(HttpMethod.Get, orderUrl, null, ("Order-Token", order.GetProperty("orderToken").GetString()!)), HttpStatusCode.OK)).Dispose();
        (await CallAsync("/api/orders/{orderId}", OpenApiContract.Request(HttpMethod.Get, orderUrl), HttpStatusCode.NotFound)).Dispose();
        (await CallAsync("/api/customers/me/orders", OpenApiContract.Request(HttpMethod.Get, "/api/customers/me/orders"), HttpStatusCode.Unauthorized)).Dispose();

        // The collector.
        var now = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        (await CallAsync("/api/events", OpenApiContract.Request(HttpMethod.Post, "/api/events", $$"""{"events": [{"id": "{{Guid.NewGuid():N}}", "type": "page_view", "sessionId": "contract", "timestamp": "{{now}}"}]}"""), HttpStatusCode.Accepted)).Dispose();
        (await CallAsync("/api/events", OpenApiContract.Request(HttpMethod.Post, "/api/events", """{"events": []}"""), HttpStatusCode.BadRequest)).Dispose();

        Assert.Empty(failures);
    }

    [Fact]
    public async Task Customer_and_staff_answers_are_the_documented_ones()
    {
        using var client = factory.CreateClient();
        var contract = new OpenApiContract(JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json", Ct))!.AsObject());
        var failures = new List<string>();
        async Task<HttpResponseMessage> CallAsync(string template, HttpRequestMessage request, params HttpStatusCode[] expected)
        {
            using (request)
            {
                var response = await client.SendAsync(request, Ct);
                await response.Content.LoadIntoBufferAsync(Ct);
                if (!expected.Contains(response.StatusCode))
                {
                    failures.Add($"{request.Method} {request.RequestUri}: expected {string.Join(" or ", expected.Select(e => (int)e))}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
                }

                failures.AddRange(await contract.CheckAsync(request.Method.Method, template, response, Ct));
                return response;
            }
        }

        async Task<string> BearerAsync(string customerId, params string[] roles)
        {
            using var minted = await client.PostAsJsonAsync("/api/dev/token", new { customerId, roles }, Ct);
            return (await minted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString()!;
        }

        var customer = ("Authorization", "Bearer " + await BearerAsync("contract-customer"));
        var staff = ("Authorization", "Bearer " + await BearerAsync("contract-staff", "Commerce.Admin"));
        var product = await DevHostFactory.DemoProductAsync(client, "demo-000003", Ct);
        var sku = product.GetProperty("variants")[0].GetProperty("sku").GetString()!;
        await factory.Services.GetRequiredService<InventoryService>().SeedAsync(sku, [("wh-contract", 100)], Ct);

        // A signed-in customer's cart and its changes.
        using var created = await CallAsync("/api/carts", OpenApiContract.Request(HttpMethod.Post, "/api/carts", new { currency = "USD" }, customer), HttpStatusCode.Created);
        var cartId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("cartId").GetString()!;
        var etag = created.Headers.ETag!.Tag;
        async Task ChangeAsync(string template, HttpMethod method, string url, object? body, params HttpStatusCode[] expected)
        {
            using var changed = await CallAsync(template, OpenApiContract.Request(method, url, body, customer, ("If-Match", etag)), expected);
            etag = changed.Headers.ETag?.Tag ?? etag;
        }

        await ChangeAsync("/api/carts/{id}/items", HttpMethod.Post, $"/api/carts/{cartId}/items", new { sku, quantity = 2 }, HttpStatusCode.OK);
        await ChangeAsync("/api/carts/{id}/items/{sku}", HttpMethod.Put, $"/api/carts/{cartId}/items/{sku}", new { quantity = 1 }, HttpStatusCode.OK);
        await ChangeAsync("/api/carts/{id}/items/{sku}", HttpMethod.Put, $"/api/carts/{cartId}/items/no-such-sku", new { quantity = 1 }, HttpStatusCode.NotFound);
        await ChangeAsync("/api/carts/{id}/promotions", HttpMethod.Post, $"/api/carts/{cartId}/promotions", new { code = "NO-SUCH-CODE" }, HttpStatusCode.BadRequest);
        await ChangeAsync("/api/carts/{id}/promotions/{code}", HttpMethod.Delete, $"/api/carts/{cartId}/promotions/NO-SUCH-CODE", null, HttpStatusCode.OK);
        await ChangeAsync("/api/carts/{id}/destination", HttpMethod.Put, $"/api/carts/{cartId}/destination", new { country = "US", region = "IL", postalCode = "62701" }, HttpStatusCode.OK);
        await ChangeAsync("/api/carts/{id}/destination", HttpMethod.Put, $"/api/carts/{cartId}/destination", new { country = "not a country" }, HttpStatusCode.BadRequest);
        await ChangeAsync("/api/carts/{id}/items/{sku}", HttpMethod.Delete, $"/api/carts/{cartId}/items/{sku}", null, HttpStatusCode.OK);
        (await CallAsync("/api/customers/me/orders", OpenApiContract.Request(HttpMethod.Get, "/api/customers/me/orders?pageSize=5", null, customer), HttpStatusCode.OK)).Dispose();
        (await CallAsync("/api/customers/me/orders", OpenApiContract.Request(HttpMethod.Get, "/api/customers/me/orders?pageSize=0", null, customer), HttpStatusCode.BadRequest)).Dispose();
        (await CallAsync("/api/recommendations", OpenApiContract.Request(HttpMethod.Get, "/api/recommendations?customerId=contract-customer", null, customer), HttpStatusCode.OK)).Dispose();
        (await CallAsync("/api/recommendations", OpenApiContract.Request(HttpMethod.Get, "/api/recommendations?customerId=someone-else", null, customer), HttpStatusCode.NotFound)).Dispose();

        // Staff.
        (await CallAsync("/api/admin/categories/{id}", OpenApiContract.Request(HttpMethod.Put, "/api/admin/categories/contract", new { name = "Contract" }, staff), HttpStatusCode.OK)).Dispose();
        (await CallAsync("/api/admin/products", OpenApiContract.Request(HttpMethod.Post, "/api/admin/products", "{}", staff), HttpStatusCode.BadRequest)).Dispose();
        (await CallAsync("/api/admin/products/{id}", OpenApiContract.Request(HttpMethod.Patch, "/api/admin/products/demo-000004", """{"name": "Renamed by the contract test"}""", staff), HttpStatusCode.OK)).Dispose();
        (await CallAsync("/api/admin/products/{id}", OpenApiContract.Request(HttpMethod.Patch, "/api/admin/products/no-such-product", "{}", staff), HttpStatusCode.NotFound)).Dispose();
        (await CallAsync("/api/admin/products/{id}/archive", OpenApiContract.Request(HttpMethod.Post, "/api/admin/products/demo-000005/archive", null, staff), HttpStatusCode.OK)).Dispose();
        (await CallAsync("/api/admin/products/import", OpenApiContract.Request(HttpMethod.Post, "/api/admin/products/import", "not a product", staff), HttpStatusCode.OK)).Dispose();
        (await CallAsync("/api/admin/products/{id}/images", OpenApiContract.Request(HttpMethod.Post, "/api/admin/products/demo-000004/images", "not an image", staff), HttpStatusCode.BadRequest)).Dispose();
        (await CallAsync("/api/inventory/{sku}", OpenApiContract.Request(HttpMethod.Get, $"/api/inventory/{sku}", null, staff), HttpStatusCode.OK)).Dispose();
        (await CallAsync("/api/inventory/{sku}", OpenApiContract.Request(HttpMethod.Get, $"/api/inventory/{sku}", null, customer), HttpStatusCode.NotFound)).Dispose();
        (await CallAsync("/api/analytics/summary", OpenApiContract.Request(HttpMethod.Get, "/api/analytics/summary?granularity=hour", null, staff), HttpStatusCode.OK)).Dispose();
        (await CallAsync("/api/analytics/summary", OpenApiContract.Request(HttpMethod.Get, "/api/analytics/summary?granularity=week", null, staff), HttpStatusCode.BadRequest)).Dispose();
        (await CallAsync("/api/analytics/dashboard", OpenApiContract.Request(HttpMethod.Get, "/api/analytics/dashboard"), HttpStatusCode.NotFound)).Dispose();
        (await CallAsync("/api/payments/webhook", OpenApiContract.Request(HttpMethod.Post, "/api/payments/webhook", "{}"), HttpStatusCode.Unauthorized)).Dispose();
        (await CallAsync("/api/orders/health", OpenApiContract.Request(HttpMethod.Get, "/api/orders/health"), HttpStatusCode.OK)).Dispose();

        Assert.Empty(failures);
    }

    [Fact]
    public async Task An_undocumented_status_or_a_body_off_its_schema_is_reported()
    {
        var document = JsonNode.Parse("""
            {"paths": {"/api/things/{id}": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}}},
             "components": {"schemas": {"Thing": {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}}}}
            """)!.AsObject();
        var contract = new OpenApiContract(document);
        using var undocumented = new HttpResponseMessage(HttpStatusCode.Conflict);
        using var offSchema = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"name": 1}""", System.Text.Encoding.UTF8, "application/json") };
        using var onSchema = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"id": "a"}""", System.Text.Encoding.UTF8, "application/json") };

        Assert.Contains("is not documented", Assert.Single(await contract.CheckAsync("GET", "/api/things/{id}", undocumented, Ct)), StringComparison.Ordinal);
        Assert.NotEmpty(await contract.CheckAsync("GET", "/api/things/{id}", offSchema, Ct));
        Assert.Empty(await contract.CheckAsync("GET", "/api/things/{id}", onSchema, Ct));
    }
}
