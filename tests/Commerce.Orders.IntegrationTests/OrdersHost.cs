using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Cart.Auth;
using Commerce.Contracts;
using Commerce.Documents;
using Commerce.DevHost;
using Commerce.DevHost.Functions;
using Commerce.DevHost.Orders;
using Commerce.Orders.Domain;
using Commerce.Primitives;
using Commerce.ServiceDefaults;
using Commerce.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Commerce.Orders.IntegrationTests;

/// <summary>A clock tests can move forward (reservation expiry) without waiting.</summary>
public sealed class TestClock : TimeProvider
{
    long offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));
}

/// <summary>
/// The whole dev host in process (the same Program), its data in a fresh folder, with handles on the orders app's state.
/// Its documents are in the embedded SQLite store unless <see cref="Provider"/> says Cosmos DB (then a Cosmos DB server
/// of its own is started when the fixture initializes; see <see cref="CosmosOrdersHost"/>).
/// </summary>
public class OrdersHost : WebApplicationFactory<DevHostOptions>, IAsyncLifetime
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    /// <summary>The payment webhook secret of the dev host's appsettings (local value).</summary>
    public const string Secret = "local-payment-webhook-secret";

    readonly bool ownsData;

    public OrdersHost()
        : this(null)
    {
    }

    /// <param name="dataPath">An existing data folder to start on (a restart), left in place on dispose; null for a fresh one.</param>
    /// <param name="azurite">An Azurite and task hub to run on (a restart on the Azurite backend), left running on dispose; null for the host's own when <see cref="OnAzurite"/>.</param>
    protected OrdersHost(string? dataPath, DevHostAzurite? azurite = null)
    {
        ownsData = dataPath is null;
        DataPath = dataPath ?? Path.Combine(Path.GetTempPath(), "commerce-orders-tests", Guid.NewGuid().ToString("N"));
        sharedAzurite = azurite;
    }

    public string DataPath { get; }

    /// <summary>The document store adapter every app of this host runs on.</summary>
    public virtual DocumentProvider Provider => DocumentProvider.Sqlite;

    DevHostDocuments? documents;

    /// <summary>True: orchestrations and queue triggers run on the Azure Storage provider and queues over Azurite (<c>DevHost:Backend=Azurite</c>).</summary>
    public virtual bool OnAzurite => sharedAzurite is not null;

    readonly DevHostAzurite? sharedAzurite;
    DevHostAzurite? ownAzurite;

    DevHostAzurite? Azurite => sharedAzurite ?? ownAzurite;

    public virtual async ValueTask InitializeAsync()
    {
        documents = await DevHostDocuments.StartAsync(Provider);
        if (OnAzurite && sharedAzurite is null)
        {
            ownAzurite = await DevHostAzurite.StartAsync();
        }
    }

    public TestClock Clock { get; } = new();

    public InMemoryCheckoutCarts Carts => Services.GetRequiredService<InMemoryCheckoutCarts>();

    public SimulatedPaymentGateway Payments => (SimulatedPaymentGateway)Services.GetRequiredService<IPaymentGateway>();

    public InventoryService Inventory => Services.GetRequiredService<InventoryService>();

    public OrderService Orders => Services.GetRequiredService<OrderService>();

    public IDevHostQueues Broker => Services.GetRequiredService<IDevHostQueues>();

    public DevHostQueueSender Sent => (DevHostQueueSender)Services.GetRequiredService<IQueueSender>();

    /// <summary>A client that, like a storefront, sends each order's access token from its checkout answer on that order's routes.</summary>
    public HttpClient CreateShopperClient() => CreateDefaultClient(new OrderTokenHandler());

    /// <summary>
    /// A client signed in with the admin app role (a dev host token): it reads every order, for checkouts whose 202 (and
    /// token) never reached a client, or orders a test wrote behind the API's back.
    /// </summary>
    public async Task<HttpClient> CreateAdminClientAsync()
    {
        var http = CreateShopperClient();
        using var response = await http.PostAsJsonAsync("/api/dev/token", new { customerId = "staff-1", roles = new[] { CustomerAuthOptions.DefaultAdminRole } }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>False: checkout reads carts from <see cref="Carts"/> (pre-priced, in memory); true: through the cart context itself.</summary>
    protected virtual bool UsesRealCarts => false;

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Settings laid over the dev host's appsettings (the last configuration source: they win).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DevHost:DataPath", DataPath);
        builder.UseSetting("Catalog:Demo:Products", "50");
        builder.UseSetting("Orders:PaymentActionTimeout", "00:00:03");
        builder.UseEnvironment("Development");
        if (Provider != DocumentProvider.Sqlite && documents is null)
        {
            throw new InvalidOperationException($"{GetType().Name} runs on {Provider}: use it as an xunit fixture (InitializeAsync starts the store) before creating clients.");
        }

        if (OnAzurite && Azurite is null)
        {
            throw new InvalidOperationException($"{GetType().Name} runs on Azurite: use it as an xunit fixture (InitializeAsync starts Azurite) before creating clients.");
        }

        // The adapter is chosen while the apps register, from the host's settings: UseSetting reaches them in time.
        foreach (var (key, value) in (documents?.Settings ?? new Dictionary<string, string?>()).Concat(Azurite?.Settings ?? new Dictionary<string, string?>()))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(Settings));
        builder.ConfigureTestServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            services.AddSingleton<InMemoryCheckoutCarts>();
            if (!UsesRealCarts)
            {
                services.Replace(ServiceDescriptor.Singleton<ICheckoutCart>(sp => sp.GetRequiredService<InMemoryCheckoutCarts>()));
            }

            ConfigureServices(services);
        });
    }

    /// <summary>A cart of <paramref name="lines"/> (SKU, quantity) at 10.00 USD a unit, plus 5.00 shipping.</summary>
    public (string CartId, string Token) PutCart(params (string Sku, int Quantity)[] lines) => PutCart(lines, []);

    public (string CartId, string Token) PutCart((string Sku, int Quantity)[] lines, string[] promoCodes)
    {
        var cartId = "cart-" + Guid.NewGuid().ToString("N");
        var token = "ct-" + Guid.NewGuid().ToString("N");
        var priced = lines.Select(l => new PricedCartLine(l.Sku, l.Quantity, Money.Of(1000, "USD"), Money.Of(1000L * l.Quantity, "USD"))).ToList();
        var subtotal = priced.Aggregate(Money.Zero("USD"), (sum, l) => sum + l.LineTotal);
        Carts.Put(token, new PricedCheckoutCart(cartId, "USD", priced, Money.Zero("USD"), Money.Zero("USD"), Money.Of(500, "USD"), subtotal + Money.Of(500, "USD"), promoCodes, "customer-1"));
        return (cartId, token);
    }

    public static object Body(string cartId, string token, string paymentToken = SimulatedPaymentGateway.Approve, string email = "buyer@example.com") => new
    {
        cartId,
        cartToken = token,
        email,
        shippingAddress = new { name = "Ada Buyer", line1 = "1 Main St", city = "Springfield", region = "IL", postalCode = "62701", country = "US" },
        paymentToken,
    };

    public static async Task<HttpResponseMessage> CheckoutAsync(HttpClient http, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/checkout") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>The order the checkout admitted under <paramref name="key"/> (for a checkout whose answer was not a 202); null when none was.</summary>
    public async Task<string?> OrderIdOfKeyAsync(string key)
        => await Services.GetRequiredService<CheckoutRequests>().OrderIdOfAsync(key, TestContext.Current.CancellationToken);

    /// <summary>Checks out and returns the order id from the 202.</summary>
    public async Task<string> StartCheckoutAsync(HttpClient http, string paymentToken, params (string Sku, int Quantity)[] lines)
    {
        var (cartId, token) = PutCart(lines);
        using var response = await CheckoutAsync(http, Guid.NewGuid().ToString(), Body(cartId, token, paymentToken));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("orderId").GetString()!;
    }

    /// <summary>The provider's event that the customer's action on the order's simulated authorization ended.</summary>
    public static PaymentProviderEvent ActionCompleted(string orderId, bool approved = true, string? authorizationId = null)
        => PaymentProviderEvent.ActionCompleted("evt_" + Guid.NewGuid().ToString("N"), orderId, authorizationId ?? SimulatedPaymentGateway.AuthorizationIdFor(orderId), approved, DateTimeOffset.UtcNow);

    /// <summary>Posts <paramref name="body"/> to the payment webhook, Stripe-signed with <paramref name="secret"/> at <paramref name="signedAt"/> (now), or with <paramref name="signature"/> as given.</summary>
    public static async Task<HttpResponseMessage> PostPaymentWebhookAsync(HttpClient http, string body, DateTimeOffset? signedAt = null, string secret = Secret, string? signature = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/webhook") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookSignature.Header, signature ?? WebhookSignature.Sign(secret, signedAt ?? DateTimeOffset.UtcNow, System.Text.Encoding.UTF8.GetBytes(body)));
        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static Task<HttpResponseMessage> PostPaymentWebhookAsync(HttpClient http, PaymentProviderEvent providerEvent)
        => PostPaymentWebhookAsync(http, JsonSerializer.Serialize(providerEvent, CommerceJson.Options));

    /// <summary>Polls GET /api/orders/{id} until <paramref name="done"/> holds for its JSON (deadline <see cref="Deadline"/>).</summary>
    public static async Task<JsonElement> WaitForOrderAsync(HttpClient http, string orderId, Func<JsonElement, bool> done)
    {
        JsonElement last = default;
        await Eventually.UntilAsync(async () =>
        {
            using var response = await http.GetAsync($"/api/orders/{orderId}", TestContext.Current.CancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            last = await response.Content.ReadFromJsonAsync<JsonElement>(CommerceJson.Options, TestContext.Current.CancellationToken);
            return done(last);
        }, Deadline, because: $"order {orderId} to reach the expected state");
        return last;
    }

    /// <summary>Waits until the checkout ends (an order that stands, or a failure).</summary>
    public static Task<JsonElement> WaitForOutcomeAsync(HttpClient http, string orderId)
        => WaitForOrderAsync(http, orderId, o => o.GetProperty("status").GetString() is "fulfilling" or "failed");

    /// <summary>A new active SKU in the catalog (what the cart context prices), priced in USD; returns its id.</summary>
    public async Task<string> SeedCatalogSkuAsync(string name, long usdPrice)
    {
        var sku = "SKU-" + Guid.NewGuid().ToString("N")[..8];
        await Services.GetRequiredService<IDocumentStore>().Container<SkuSnapshot>(SkuSnapshot.Container).UpsertAsync(sku, sku, new SkuSnapshot
        {
            Sku = sku,
            ProductId = "p-" + sku,
            Name = name,
            Status = SkuStatus.Active,
            Prices = new Dictionary<string, long> { ["USD"] = usdPrice },
            WeightGrams = 300,
        }, cancellationToken: TestContext.Current.CancellationToken);
        return sku;
    }

    public async Task SeedAsync(string sku, params (string Warehouse, long OnHand)[] levels)
        => await Inventory.SeedAsync(sku, levels, TestContext.Current.CancellationToken);

    public async Task<StockDocument> StockAsync(string sku) => (await Inventory.GetAsync(sku, TestContext.Current.CancellationToken))!;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (documents is not null)
        {
            await documents.DisposeAsync();
        }

        if (ownAzurite is not null)
        {
            await ownAzurite.DisposeAsync();
        }

        if (ownsData && Directory.Exists(DataPath))
        {
            Directory.Delete(DataPath, recursive: true);
        }
    }
}

/// <summary>
/// The same dev host with every app on the Cosmos DB adapter, against the Cosmos DB server from npm (how that server
/// differs from Cosmos DB: <see cref="CosmosServerFixture"/>).
/// </summary>
public sealed class CosmosOrdersHost : OrdersHost
{
    public override DocumentProvider Provider => DocumentProvider.Cosmos;
}

/// <summary>
/// The same dev host on the Azurite backend: sagas on the Azure Storage durable provider and queue triggers on Storage
/// queues, over an Azurite of its own (how Durable Functions runs in Azure).
/// </summary>
public sealed class AzuriteOrdersHost : OrdersHost
{
    public override bool OnAzurite => true;
}
