using Commerce.Documents.Sqlite;
using Commerce.Orders.Domain;

namespace Commerce.Orders.UnitTests;

/// <summary>The in-flight register: its count follows the checkouts in flight (over every shard), never those that ended.</summary>
public sealed class CheckoutsInFlightTests : IDisposable
{
    readonly string dataPath = Path.Combine(Path.GetTempPath(), "commerce-inflight-tests", Guid.NewGuid().ToString("N"));
    readonly SqliteDocumentStore store;
    readonly CheckoutsInFlight register;

    public CheckoutsInFlightTests()
    {
        store = new SqliteDocumentStore(dataPath);
        register = new CheckoutsInFlight(store);
    }

    public void Dispose()
    {
        store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataPath, recursive: true);
    }

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static QueuedCheckout Checkout(int n)
        => new("ord_" + n.ToString("x32", System.Globalization.CultureInfo.InvariantCulture), new CheckoutRequest("cart-" + n, "t", "b@example.com", null, "tok_approve"), DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task The_count_is_the_checkouts_started_and_not_ended_across_every_shard()
    {
        var checkouts = Enumerable.Range(0, 120).Select(Checkout).ToList();
        await Task.WhenAll(checkouts.Select(c => register.AddAsync(c, Ct)));
        await register.AddAsync(checkouts[0], Ct); // started twice: still one in flight
        Assert.True(checkouts.Select(c => CheckoutsInFlight.ShardOf(c.OrderId)).Distinct().Count() > 8, "ids spread over the shards");
        Assert.Equal(120, await register.CountAsync(1000, Ct));

        await Task.WhenAll(checkouts.Take(90).Select(c => register.ForgetAsync(c.OrderId, Ct)));
        await register.ForgetAsync(checkouts[0].OrderId, Ct); // ended twice: nothing more to forget

        Assert.Equal(30, await register.CountAsync(1000, Ct));
        Assert.Equal(10, await register.CountAsync(10, Ct));
        Assert.Equal(checkouts.Skip(90).Select(c => c.OrderId).Order(StringComparer.Ordinal), (await register.AllAsync(Ct).ToListAsync(Ct)).Select(c => c.OrderId).Order(StringComparer.Ordinal));
    }
}
