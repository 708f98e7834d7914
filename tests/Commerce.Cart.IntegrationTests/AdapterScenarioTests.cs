using Commerce.Cart.Storage;
using Commerce.Documents.Sqlite;
using Commerce.Testing;

namespace Commerce.Cart.IntegrationTests;

[CollectionDefinition(CosmosServerCollection.Name)]
public sealed class CosmosServerCollection : ICollectionFixture<CosmosServerFixture>
{
    public const string Name = "Cosmos DB server";
}

/// <summary>The scenarios on the embedded SQLite adapter, in a temporary folder, with a clock the TTL test moves.</summary>
public sealed class SqliteCartTests : CartServiceScenarios
{
    readonly string dataPath = Directory.CreateTempSubdirectory("cart-sqlite-").FullName;
    readonly ManualClock clock = new(DateTimeOffset.UtcNow);
    SqliteDocumentStore? store;

    protected override IDocumentStore Store => store ??= new SqliteDocumentStore(dataPath, TimeSpan.FromSeconds(1), clock);

    public override async ValueTask DisposeAsync()
    {
        store?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataPath, recursive: true);
        await base.DisposeAsync();
    }

    [Fact]
    public async Task An_abandoned_guest_cart_expires_whole_and_every_change_restarts_its_clock()
    {
        Clock = clock;
        Options.GuestCartTimeToLive = TimeSpan.FromMinutes(30);
        var service = Service;
        var (cart, _) = await service.CreateGuestAsync("EUR", null, Ct);
        clock.Advance(TimeSpan.FromMinutes(29));
        cart = (await service.ExecuteAsync(cart, cart.ETag, new AddLine("SOCKS", 1), Ct)).Cart;
        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.NotNull(await service.FindAsync(cart.Cart.Id, Ct));

        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Null(await service.FindAsync(cart.Cart.Id, Ct));
        var late = await Assert.ThrowsAsync<CartRuleException>(() => service.ExecuteAsync(cart, cart.ETag, new AddLine("JEANS-32", 1), Ct));
        Assert.Equal(404, late.Status); // the write found nothing to replace: no half-cart comes back
        Assert.Null(await service.FindAsync(cart.Cart.Id, Ct));
    }

    [Fact]
    public async Task Customer_carts_do_not_expire()
    {
        Clock = clock;
        var cart = await Service.GetOrCreateCustomerCartAsync("cust-" + Guid.NewGuid().ToString("N"), "EUR", Ct);

        clock.Advance(TimeSpan.FromDays(400));

        Assert.NotNull(await Service.FindAsync(cart.Cart.Id, Ct));
    }
}

/// <summary>The scenarios on the Cosmos DB adapter against the in-memory Cosmos DB server.</summary>
[Collection(CosmosServerCollection.Name)]
public sealed class CosmosCartTests(CosmosServerFixture server) : CartServiceScenarios
{
    readonly string database = "cart-" + Guid.NewGuid().ToString("N");
    Documents.Cosmos.CosmosDocumentStore? store;

    protected override IDocumentStore Store => store ??= server.CreateDocumentStore(database);

    public override async ValueTask DisposeAsync()
    {
        store?.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Guest_carts_are_written_with_the_configured_ttl_and_customer_carts_without()
    {
        Options.GuestCartTimeToLive = TimeSpan.FromHours(2);
        var (guest, _) = await Service.CreateGuestAsync("EUR", null, Ct);
        var customer = await Service.GetOrCreateCustomerCartAsync("cust-" + Guid.NewGuid().ToString("N"), "EUR", Ct);
        var container = ((Documents.Cosmos.CosmosDocumentStore)Store).Client.GetContainer(database, ShoppingCart.Container);

        using var guestItem = await ReadRawAsync(container, guest.Cart.Id);
        using var customerItem = await ReadRawAsync(container, customer.Cart.Id);

        Assert.Equal(7200, guestItem.RootElement.GetProperty("ttl").GetInt32());
        Assert.False(customerItem.RootElement.TryGetProperty("ttl", out _));
    }

    static async Task<System.Text.Json.JsonDocument> ReadRawAsync(Microsoft.Azure.Cosmos.Container container, string id)
    {
        using var response = await container.ReadItemStreamAsync(id, new Microsoft.Azure.Cosmos.PartitionKey(id), cancellationToken: Ct);
        return await System.Text.Json.JsonDocument.ParseAsync(response.Content, cancellationToken: Ct);
    }
}
