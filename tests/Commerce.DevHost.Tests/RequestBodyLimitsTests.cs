using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Commerce.DevHost.Tests;

/// <summary>
/// Every route that reads a body, with bad bodies: over the route's size limit (declared by Content-Length, or sent
/// chunked without one) is 413 and changes nothing, a charset other than UTF-8 is 415, truncated or garbage JSON is
/// 400. All as problem details, never 5xx.
/// </summary>
public sealed class RequestBodyLimitsTests(DevHostFactory factory) : IClassFixture<DevHostFactory>
{
    /// <summary>A body-reading route: where it is, its size limit, and whether it reads JSON (else raw bytes).</summary>
    public sealed record BodyRoute(string Method, string Path, int Limit, bool Json = true, bool Signed = false);

    public static readonly Dictionary<string, BodyRoute> Routes = new()
    {
        ["dev token"] = new("POST", "/api/dev/token", 4 * 1024),
        ["admin functions"] = new("POST", "/admin/functions/{queueFunction}", 64 * 1024),
        ["create cart"] = new("POST", "/api/carts", 4 * 1024),
        ["add item"] = new("POST", "/api/carts/{cart}/items", 4 * 1024),
        ["change quantity (put)"] = new("PUT", "/api/carts/{cart}/items/{sku}", 4 * 1024),
        ["change quantity (patch)"] = new("PATCH", "/api/carts/{cart}/items/{sku}", 4 * 1024),
        ["promotion code"] = new("POST", "/api/carts/{cart}/promotions", 4 * 1024),
        ["destination"] = new("PUT", "/api/carts/{cart}/destination", 4 * 1024),
        ["checkout"] = new("POST", "/api/checkout", 16 * 1024),
        ["collector"] = new("POST", "/api/events", 2 * 1024 * 1024),
        ["payment webhook"] = new("POST", "/api/payments/webhook", 64 * 1024, Signed: true),
        ["create product"] = new("POST", "/api/admin/products", 64 * 1024),
        ["replace product"] = new("PUT", "/api/admin/products/{product}", 64 * 1024),
        ["patch product"] = new("PATCH", "/api/admin/products/{product}", 64 * 1024),
        ["category"] = new("PUT", "/api/admin/categories/{category}", 16 * 1024),
        ["product import"] = new("POST", "/api/admin/products/import", 16 * 1024 * 1024, Json: false), // JSON lines, each line reported on its own
        ["image upload"] = new("POST", "/api/admin/products/{product}/images", Commerce.Catalog.Domain.ImageSniffer.MaxBytes + (64 * 1024), Json: false),
        ["sku costs"] = new("PUT", "/api/admin/pricing/skus/{sku}/costs", Commerce.Pricing.PricingHttp.MaxBodyBytes),
        ["sku guardrail"] = new("PUT", "/api/admin/pricing/skus/{sku}/guardrail", Commerce.Pricing.PricingHttp.MaxBodyBytes),
        ["category pricing"] = new("PUT", "/api/admin/pricing/categories/{category}", Commerce.Pricing.PricingHttp.MaxBodyBytes),
        ["price proposal"] = new("POST", "/api/admin/pricing/skus/{sku}/proposals", Commerce.Pricing.PricingHttp.MaxBodyBytes),
    };

    public static TheoryData<string> AllRoutes => [.. Routes.Keys];

    /// <summary>Each route with a body one byte over its limit, declared by Content-Length (false) or sent chunked (true).</summary>
    public static TheoryData<string, bool> OversizedBodies => [.. Routes.Keys.SelectMany(r => new[] { (r, false), (r, true) })];

    public static TheoryData<string> JsonRoutes => [.. Routes.Where(r => r.Value.Json && !r.Value.Signed).Select(r => r.Key)];

    CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(OversizedBodies))]
    public async Task A_body_over_the_routes_limit_is_413_and_changes_nothing(string route, bool chunked)
    {
        var target = await TargetAsync(route);
        var before = await target.StateAsync();
        var length = Routes[route].Limit + 1;
        HttpContent body = chunked ? new ChunkedContent(length) : new ByteArrayContent(new byte[length]) { Headers = { ContentType = new("application/json") } };

        using var response = await target.SendAsync(body);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await target.StateAsync());
    }

    [Theory]
    [MemberData(nameof(AllRoutes))]
    public async Task A_charset_other_than_utf8_is_415(string route)
    {
        var target = await TargetAsync(route);
        var content = new ByteArrayContent("{}"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-7");

        using var response = await target.SendAsync(content);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [MemberData(nameof(JsonRoutes))]
    public async Task Truncated_or_garbage_json_is_400_and_changes_nothing(string route)
    {
        var target = await TargetAsync(route);
        var before = await target.StateAsync();
        foreach (var body in new[] { "{\"sku\": \"a", "\u0001\u0002 not json", "[1, 2" })
        {
            using var response = await target.SendAsync(new StringContent(body, Encoding.UTF8, "application/json"));
            await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        }

        Assert.Equal(before, await target.StateAsync());
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/json")]
    public async Task Json_in_utf8_with_or_without_a_charset_is_read(string contentType)
    {
        using var client = factory.CreateClient();
        var content = new ByteArrayContent("{\"customerId\": \"charset-ok\"}"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await client.PostAsync("/api/dev/token", content, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    async Task<Target> TargetAsync(string name)
    {
        var route = Routes[name];
        var client = factory.CreateClient();
        var adminKey = factory.Services.GetRequiredService<IOptions<DevHostOptions>>().Value.AdminKey;
        var product = await DevHostFactory.DemoProductAsync(client, "demo-000001", Ct);
        await DevHostFactory.DemoProductAsync(client, "demo-000002", Ct); // the product the admin routes' "nothing changed" check reads
        var sku = product.GetProperty("variants")[0].GetProperty("sku").GetString()!;
        using var created = await client.PostAsync("/api/carts", null, Ct);
        var cart = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var cartId = cart.GetProperty("cartId").GetString()!;
        var cartToken = cart.GetProperty("cartToken").GetString()!;
        var path = route.Path.Replace("{cart}", cartId, StringComparison.Ordinal).Replace("{sku}", sku, StringComparison.Ordinal)
            .Replace("{product}", "demo-000002", StringComparison.Ordinal).Replace("{category}", "body-limits", StringComparison.Ordinal)
            .Replace("{queueFunction}", "StockLevelReceived", StringComparison.Ordinal);
        return new Target(client, route.Method, path, adminKey, cartId, cartToken);
    }

    /// <summary>One route bound to fixtures: a fresh guest cart (its token and ETag sent along), the admin key, an idempotency key.</summary>
    sealed record Target(HttpClient Client, string Method, string Path, string AdminKey, string CartId, string CartToken)
    {
        public async Task<HttpResponseMessage> SendAsync(HttpContent content)
        {
            using var request = new HttpRequestMessage(new HttpMethod(Method), Path) { Content = content };
            request.Headers.Add("x-functions-key", AdminKey);
            request.Headers.Add("X-Cart-Token", CartToken);
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            request.Headers.TryAddWithoutValidation("If-Match", await CartETagAsync());
            return await Client.SendAsync(request, TestContext.Current.CancellationToken);
        }

        /// <summary>What the route could change: the guest cart and the product the admin routes name.</summary>
        public async Task<string> StateAsync() => string.Join('\n', await CartETagAsync(), await ProductAsync());

        async Task<string> CartETagAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/carts/{CartId}");
            request.Headers.Add("X-Cart-Token", CartToken);
            using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
            return response.Headers.ETag?.Tag ?? throw new InvalidOperationException($"the cart has no ETag ({(int)response.StatusCode})");
        }

        async Task<string> ProductAsync() => await Client.GetStringAsync("/api/products/demo-000002", TestContext.Current.CancellationToken);
    }

    /// <summary>A body of <paramref name="length"/> bytes sent without Content-Length (chunked).</summary>
    sealed class ChunkedContent : HttpContent
    {
        readonly int length;

        public ChunkedContent(int length)
        {
            this.length = length;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var chunk = new byte[16 * 1024];
            Array.Fill(chunk, (byte)' ');
            for (var sent = 0; sent < length; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk.AsMemory(0, Math.Min(chunk.Length, length - sent)));
            }
        }

        protected override bool TryComputeLength(out long computed)
        {
            computed = 0;
            return false;
        }
    }
}
