using System.Net;
using System.Runtime.CompilerServices;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Documents;
using Commerce.ServiceDefaults;
using Commerce.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.DevHost.Tests;

/// <summary>
/// Fails a document store adapter's calls with <see cref="DocumentStoreUnavailableException"/> on demand: the next N
/// calls to one container, or every call while <see cref="Down"/> is set.
/// </summary>
public sealed class FlakyDocumentStore(IDocumentStore inner) : FaultInjectingDocumentStore(inner)
{
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, StrongBox<int>> failNext = new(StringComparer.Ordinal);

    public bool Down { get; set; }

    public int Failures => Faults;

    public void FailNext(string container, int calls) => failNext.GetOrAdd(container, _ => new StrongBox<int>()).Value = calls;

    protected override Exception? FaultFor(DocumentCall call)
        => Down || (failNext.TryGetValue(call.Container, out var left) && Interlocked.Decrement(ref left.Value) >= 0)
            ? new DocumentStoreUnavailableException("Injected fault: the store is unavailable.")
            : null;
}

/// <summary>The dev host with a <see cref="FlakyDocumentStore"/> between the retrying store and the SQLite adapter.</summary>
public sealed class FlakyStoreDevHost : WebApplicationFactory<DevHostOptions>
{
    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "commerce-devhost-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The fault injector, once the host's own start-up writes (the demo catalog seed) are done.</summary>
    public async Task<FlakyDocumentStore> StoreAsync()
    {
        var store = Services.DocumentStoreFaults<FlakyDocumentStore>();
        var markers = store.Container<System.Text.Json.Nodes.JsonObject>("catalog-meta");
        await Commerce.Testing.Eventually.UntilAsync(
            async () => await markers.ReadAsync("demo-seed", "demo-seed", TestContext.Current.CancellationToken) is not null,
            TimeSpan.FromSeconds(60), because: "the demo catalog to be seeded", cancellationToken: TestContext.Current.CancellationToken);
        return store;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DevHost:DataPath", DataPath);
        builder.UseSetting("Catalog:Demo:Products", "20");
        builder.UseEnvironment("Development");
        builder.ConfigureTestServices(services => services.AddDocumentStoreFaults(adapter => new FlakyDocumentStore(adapter)));
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

/// <summary>A dependency failing transiently is retried away; failing persistently is 503 problem details with Retry-After, never 500.</summary>
public sealed class TransientFailureTests(FlakyStoreDevHost host) : IClassFixture<FlakyStoreDevHost>
{
    readonly HttpClient http = host.CreateClient();

    static HttpRequestMessage Checkout() => Checkout("cart-1", "token-1");

    static HttpRequestMessage Checkout(string cartId, string cartToken) => new(HttpMethod.Post, "/api/checkout")
    {
        Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        Content = JsonContent.Create(new
        {
            cartId, cartToken, email = "a@example.com", paymentToken = "tok_approve",
            shippingAddress = new { name = "A", line1 = "1 Main St", city = "Springfield", postalCode = "62701", country = "US" },
        }),
    };

    /// <summary>One request per app that must touch the store: catalog listing, cart creation and read, checkout, order status.</summary>
    static IEnumerable<Func<HttpRequestMessage>> StoreBoundRequests()
    {
        yield return () => new HttpRequestMessage(HttpMethod.Get, "/api/products?pageSize=5");
        yield return () => new HttpRequestMessage(HttpMethod.Get, "/api/categories");
        yield return () => new HttpRequestMessage(HttpMethod.Post, "/api/carts") { Content = JsonContent.Create(new { currency = "USD" }) };
        yield return Checkout;
        yield return () => new HttpRequestMessage(HttpMethod.Get, "/api/orders/ord_0123456789abcdef0123456789abcdef");
    }

    [Fact]
    public async Task Transient_store_failures_are_retried_and_the_request_succeeds()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await host.StoreAsync();
        var before = store.Failures;
        store.FailNext("carts", 2);
        using var created = await http.PostAsJsonAsync("/api/carts", new { currency = "USD" }, ct);
        Assert.True(created.IsSuccessStatusCode, $"{(int)created.StatusCode}: {await created.Content.ReadAsStringAsync(ct)}");
        Assert.Equal(before + 2, store.Failures);
        var cart = await created.Content.ReadFromJsonAsync<JsonElement>(ct);

        store.FailNext("checkout-requests", 3);
        using var checkout = await http.SendAsync(Checkout(cart.GetProperty("cartId").GetString()!, cart.GetProperty("cartToken").GetString()!), ct);
        Assert.True(checkout.StatusCode == HttpStatusCode.Accepted, $"{(int)checkout.StatusCode}: {await checkout.Content.ReadAsStringAsync(ct)}");
        Assert.Equal(before + 5, store.Failures);
    }

    [Fact]
    public async Task A_store_that_stays_down_answers_503_problem_details_with_retry_after_on_catalog_cart_and_orders_routes()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await host.StoreAsync();
        store.Down = true;
        try
        {
            foreach (var build in StoreBoundRequests())
            {
                using var request = build();
                var description = $"{request.Method} {request.RequestUri}";
                using var response = await http.SendAsync(request, ct);

                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{description}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                Assert.Equal(TimeSpan.FromSeconds(TransientFailures.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
                Assert.Equal(Problems.ContentType, response.Content.Headers.ContentType?.MediaType);
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
                Assert.Equal(Problems.TypeBase + "unavailable", problem.GetProperty("type").GetString());
            }
        }
        finally
        {
            store.Down = false;
        }

        using var recovered = await http.PostAsJsonAsync("/api/carts", new { currency = "USD" }, ct);
        Assert.True(recovered.IsSuccessStatusCode);
    }
}
