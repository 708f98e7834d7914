using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Cart.Auth;
using Commerce.DevHost;
using Commerce.DevHost.Functions;
using Commerce.Orders.Domain;
using Commerce.Primitives;
using Commerce.ServiceDefaults;
using Commerce.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Pricing.IntegrationTests;

/// <summary>The whole dev host in process (the same Program, all five apps), its data in a fresh folder, no demo catalog.</summary>
public sealed class PricingHost : WebApplicationFactory<DevHostOptions>
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    public const string StaffKey = "local-admin-key";

    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "commerce-pricing-tests", Guid.NewGuid().ToString("N"));

    public IDevHostQueues Broker => Services.GetRequiredService<IDevHostQueues>();

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DevHost:DataPath", DataPath);
        builder.UseSetting("Catalog:Demo:Products", "0");

        // Apps re-read the running price experiments this often (a stop reaches shoppers within it).
        builder.UseSetting(LivePriceExperiments.LifetimeSetting, "00:00:00.200");
        builder.UseEnvironment("Development");
    }

    /// <summary>A client holding the dev host's staff key.</summary>
    public HttpClient CreateStaffClient()
    {
        var http = CreateClient();
        http.DefaultRequestHeaders.Add(AdminAccess.KeyHeader, StaffKey);
        return http;
    }

    /// <summary>A client signed in as a shopper (a dev host bearer token without the admin role).</summary>
    public async Task<HttpClient> CreateShopperClientAsync(string customerId = "shopper-1")
    {
        var http = CreateClient();
        using var response = await http.PostAsJsonAsync("/api/dev/token", new { customerId }, Cancel);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>
    /// A new active product with one SKU in <paramref name="categoryId"/>, written through the catalog's admin routes,
    /// sold at <paramref name="usdPrice"/> and stocked with 50 units; returns (product id, SKU) once the SKU snapshot exists.
    /// </summary>
    public async Task<(string ProductId, string Sku)> NewProductAsync(string categoryId, long usdPrice)
    {
        using var staff = CreateStaffClient();
        using var category = await staff.PutAsJsonAsync($"/api/admin/categories/{categoryId}", new { name = "Category " + categoryId }, Cancel);
        Assert.True(category.IsSuccessStatusCode, await category.Content.ReadAsStringAsync(Cancel));
        var sku = "SKU-" + Guid.NewGuid().ToString("N")[..10];
        using var created = await staff.PostAsJsonAsync("/api/admin/products", new
        {
            name = "Merino crew " + sku,
            brand = "Acme",
            categoryId,
            status = "active",
            variants = new[] { new { sku, prices = new Dictionary<string, long> { ["USD"] = usdPrice }, weightGrams = 300 } },
        }, Cancel);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancel));
        var productId = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!;
        await Services.GetRequiredService<InventoryService>().SeedAsync(sku, [("wh-east", 50)], Cancel);
        return (productId, sku);
    }

    /// <summary>A 10.00 USD cost for <paramref name="sku"/>, and its category's guardrail: 20 % minimum margin (floor 12.00), the daily limit, ceiling 40.00, the mode.</summary>
    public async Task GuardAsync(string sku, string categoryId, string mode, long maxDailyChangeBasisPoints)
    {
        using var staff = CreateStaffClient();
        using var cost = await staff.PutAsJsonAsync($"/api/admin/pricing/skus/{sku}/costs", new { costs = new { USD = 1_000 } }, Cancel);
        using var guard = await staff.PutAsJsonAsync($"/api/admin/pricing/categories/{categoryId}", new { minMarginBasisPoints = 2_000, ceilings = new { USD = 4_000 }, maxDailyChangeBasisPoints, mode }, Cancel);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (cost.StatusCode, guard.StatusCode));
    }

    /// <summary>The product's USD price of its first variant, as the storefront reads it.</summary>
    public async Task<long> ProductPriceAsync(HttpClient http, string productId)
    {
        using var response = await http.GetAsync($"/api/products/{productId}", Cancel);
        response.EnsureSuccessStatusCode();
        var product = await response.Content.ReadFromJsonAsync<JsonElement>(CommerceJson.Options, Cancel);
        return product.GetProperty("variants")[0].GetProperty("prices").GetProperty("USD").GetInt64();
    }

    /// <summary>Polls the product until its price is <paramref name="expected"/> (the catalog applied the price).</summary>
    public Task WaitForProductPriceAsync(HttpClient http, string productId, long expected)
        => Eventually.UntilAsync(async () => await ProductPriceAsync(http, productId) == expected, Deadline, because: $"product {productId} to be priced {expected}", cancellationToken: Cancel);

    /// <summary>
    /// Buys <paramref name="quantity"/> of <paramref name="sku"/> as the shopper <paramref name="http"/> (a guest, with
    /// whatever default headers it carries, or signed in): a new cart, the item, a US destination, then checkout with the
    /// reviewed total. Returns the unit price the cart showed, that total and the order once its checkout ended.
    /// </summary>
    public async Task<(long UnitPrice, long ReviewedTotal, JsonElement Order)> BuyAsync(HttpClient http, string sku, int quantity)
    {
        var (cartId, token, etag, unitPrice) = await NewCartWithAsync(http, sku, quantity);
        using var shipped = await SendCartAsync(http, HttpMethod.Put, $"/api/carts/{cartId}/destination", token, etag, new { country = "US", region = "IL", postalCode = "62701" });
        var reviewedTotal = (await shipped.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("total").GetProperty("minor").GetInt64();

        using var checkout = new HttpRequestMessage(HttpMethod.Post, "/api/checkout")
        {
            Content = JsonContent.Create(new
            {
                cartId,
                cartToken = token,
                email = "buyer@example.com",
                shippingAddress = new { name = "Ada Buyer", line1 = "1 Main St", city = "Springfield", region = "IL", postalCode = "62701", country = "US" },
                paymentToken = Commerce.Orders.Domain.SimulatedPaymentGateway.Approve,
                expectedTotal = new { minor = reviewedTotal, currency = "USD" },
            }),
        };
        checkout.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var accepted = await http.SendAsync(checkout, Cancel);
        var answer = await accepted.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, answer.ToString());
        var orderId = answer.GetProperty("orderId").GetString()!;
        var orderToken = answer.GetProperty("orderToken").GetString()!;

        JsonElement order = default;
        await Eventually.UntilAsync(async () =>
        {
            using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/orders/{orderId}");
            read.Headers.Add("Order-Token", orderToken);
            using var response = await http.SendAsync(read, Cancel);
            order = await response.Content.ReadFromJsonAsync<JsonElement>(CommerceJson.Options, Cancel);
            return response.IsSuccessStatusCode && order.GetProperty("status").GetString() is "fulfilling" or "failed";
        }, Deadline, because: "the checkout to end", cancellationToken: Cancel);
        Assert.True(order.GetProperty("status").GetString() == "fulfilling", order.ToString());
        return (unitPrice, reviewedTotal, order);
    }

    /// <summary>A new USD cart of the shopper <paramref name="http"/> holding <paramref name="quantity"/> of <paramref name="sku"/>: its id, token (a guest's), entity tag and the unit price it shows.</summary>
    async Task<(string CartId, string? Token, System.Net.Http.Headers.EntityTagHeaderValue ETag, long UnitPrice)> NewCartWithAsync(HttpClient http, string sku, int quantity)
    {
        using var created = await http.PostAsJsonAsync("/api/carts", new { currency = "USD" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var cart = await created.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var cartId = cart.GetProperty("cartId").GetString()!;
        var token = cart.TryGetProperty("cartToken", out var guest) ? guest.GetString() : null; // a customer's cart has none
        using var added = await SendCartAsync(http, HttpMethod.Post, $"/api/carts/{cartId}/items", token, created.Headers.ETag!, new { sku, quantity });
        var unitPrice = (await added.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("lines")[0].GetProperty("unitPrice").GetProperty("minor").GetInt64();
        return (cartId, token, added.Headers.ETag!, unitPrice);
    }

    static async Task<HttpResponseMessage> SendCartAsync(HttpClient http, HttpMethod method, string path, string? cartToken, System.Net.Http.Headers.EntityTagHeaderValue etag, object body)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        if (cartToken is not null)
        {
            request.Headers.Add("X-Cart-Token", cartToken);
        }

        request.Headers.IfMatch.Add(etag);
        var response = await http.SendAsync(request, Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancel));
        return response;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(DataPath))
        {
            Directory.Delete(DataPath, recursive: true);
        }
    }
}
