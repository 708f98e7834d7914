using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Contracts;
using Commerce.Documents;
using Commerce.Documents.Sqlite;
using Commerce.Orders.Domain;
using Commerce.Testing;

namespace Commerce.DevHost.Tests;

/// <summary>
/// The dev host killed (SIGKILL) in the middle of checkouts and started again on the same data folder. SQLite documents
/// survive, the in-memory durable engine's orchestrations do not; the restarted host re-starts the checkouts that had
/// not finished, so each one ends as an order or as a clean failure, and no stock stays held.
/// </summary>
public sealed class DevHostCrashRecoveryTests : IAsyncLifetime
{
    const int Approved = 4;
    const int Parked = 4;
    const int Stock = 50;
    readonly string dataPath = Path.Combine(Path.GetTempPath(), "commerce-devhost-crash", Guid.NewGuid().ToString("N"));
    readonly string sku = "CRASH-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    static readonly Dictionary<string, string> Settings = new()
    {
        ["Catalog__Demo__Products"] = "5",
        ["Orders__PaymentActionTimeout"] = "00:00:05",
        ["Orders__ReservationHold"] = "00:02:00",
    };

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(dataPath))
        {
            Directory.Delete(dataPath, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    SqliteDocumentStore OpenStore() => new(Path.Combine(dataPath, "documents"));

    [Fact]
    public async Task Checkouts_cut_short_by_a_kill_end_as_orders_or_clean_failures_after_restart_and_no_stock_stays_held()
    {
        using (var store = OpenStore())
        {
            await store.Container<SkuSnapshot>(SkuSnapshot.Container).UpsertAsync(sku, sku, new SkuSnapshot
            {
                Sku = sku, ProductId = "p-" + sku, Name = "Crash-test tee", Status = SkuStatus.Active,
                Prices = new Dictionary<string, long> { ["USD"] = 2_500 }, WeightGrams = 200,
            }, cancellationToken: Cancel);
            await new InventoryService(store, TimeProvider.System).SeedAsync(sku, [("wh-east", Stock)], Cancel);
        }

        var approved = new List<string>();
        var parked = new List<string>();
        await using (var first = await DevHostProcess.StartAsync(RepositoryPaths.Configuration, Settings, dataPath: dataPath))
        {
            using var http = new HttpClient(new OrderTokenHandler(new HttpClientHandler())) { BaseAddress = first.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            for (var i = 0; i < Parked; i++)
            {
                parked.Add(await CheckoutAsync(http, "tok_requires_action"));
            }

            for (var i = 0; i < Approved; i++)
            {
                approved.Add(await CheckoutAsync(http, "tok_approve"));
            }

            foreach (var id in approved)
            {
                await UntilAsync(http, id, o => o.GetProperty("status").GetString() == "fulfilling");
            }

            // Mid-checkout: stock reserved and payment authorized, the sagas waiting for the customers' payment action.
            foreach (var id in parked)
            {
                await UntilAsync(http, id, o => o.TryGetProperty("stage", out var stage) && stage.GetString() == "awaiting_payment_action");
            }

            await first.KillAsync();
        }

        // What the kill left on disk: holds for the parked checkouts, every one with an expiry.
        using (var store = OpenStore())
        {
            var stock = (await new InventoryService(store, TimeProvider.System).GetAsync(sku, Cancel))!;
            Assert.All(stock.Holds, h => Assert.True(h.ExpiresAt <= DateTimeOffset.UtcNow.AddMinutes(2), $"hold of {h.OrderId} expires at {h.ExpiresAt}"));
            Assert.Superset(parked.ToHashSet(), stock.Holds.Where(h => h.State == HoldState.Held).Select(h => h.OrderId).ToHashSet());
        }

        await using (var second = await DevHostProcess.StartAsync(RepositoryPaths.Configuration, Settings, dataPath: dataPath))
        {
            using var http = new HttpClient(new OrderTokenHandler(new HttpClientHandler())) { BaseAddress = second.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            var outcomes = new Dictionary<string, JsonElement>();
            foreach (var id in parked.Concat(approved))
            {
                outcomes[id] = await UntilAsync(http, id, o => o.GetProperty("status").GetString() is "fulfilling" or "failed");
            }

            Assert.All(approved, id => Assert.Equal("fulfilling", outcomes[id].GetProperty("status").GetString()));
            Assert.All(approved, id => Assert.Equal("captured", outcomes[id].GetProperty("order").GetProperty("payment").GetProperty("state").GetString(), ignoreCase: true));
            Assert.All(parked, id => Assert.Equal(CheckoutFailureCodes.PaymentActionTimedOut, outcomes[id].GetProperty("failure").GetProperty("code").GetString()));
        }

        using (var store = OpenStore())
        {
            var stock = (await new InventoryService(store, TimeProvider.System).GetAsync(sku, Cancel))!;
            Assert.All(stock.Holds, h => Assert.Equal(HoldState.Committed, h.State)); // sold: committed until the warehouse confirms the shipment
            Assert.Equal((Stock - Approved, 0L, (long)Approved), (stock.OnHand, stock.Reserved, stock.Warehouses.Sum(w => w.Committed)));
        }
    }

    async Task<string> CheckoutAsync(HttpClient http, string paymentToken)
    {
        using var created = await http.PostAsJsonAsync("/api/carts", new { currency = "USD" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var cart = await created.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var (cartId, token) = (cart.GetProperty("cartId").GetString()!, cart.GetProperty("cartToken").GetString()!);
        using var add = new HttpRequestMessage(HttpMethod.Post, $"/api/carts/{cartId}/items") { Content = JsonContent.Create(new { sku, quantity = 1 }) };
        add.Headers.Add("X-Cart-Token", token);
        add.Headers.IfMatch.Add(created.Headers.ETag!);
        using var added = await http.SendAsync(add, Cancel);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);

        using var checkout = new HttpRequestMessage(HttpMethod.Post, "/api/checkout")
        {
            Content = JsonContent.Create(new
            {
                cartId, cartToken = token, email = "crash@example.com", paymentToken,
                shippingAddress = new { name = "Ada", line1 = "1 Main St", city = "Springfield", postalCode = "62701", country = "US" },
            }),
        };
        checkout.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var accepted = await http.SendAsync(checkout, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        return (await accepted.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("orderId").GetString()!;
    }

    static async Task<JsonElement> UntilAsync(HttpClient http, string orderId, Func<JsonElement, bool> done)
    {
        JsonElement last = default;
        await Eventually.UntilAsync(async () =>
        {
            using var response = await http.GetAsync($"/api/orders/{orderId}", Cancel);
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            last = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
            return done(last);
        }, TimeSpan.FromSeconds(90), because: $"checkout {orderId} to reach the expected state", cancellationToken: Cancel);
        return last;
    }
}
